"""The HTML of the proposed-targets pages (/scorecard/<p>/proposals and
/scorecard/<p>/proposals/<id>): plain server-rendered forms in the submission pages'
shell, that work without JavaScript. Jinja escapes every value."""

from __future__ import annotations

ERRORS = """{% if problems %}<div class="error-summary" role="alert" id="proposal-error">
  <p>{{ problems_heading }}</p>
  <ul>{% for p in problems %}<li>{{ p }}</li>{% endfor %}</ul></div>{% endif %}"""

LISTING = """<h1>{{ info.name }}: proposed targets</h1>
<p>A partnership's editors propose targets here; a data manager agrees them, and an agreed
target goes on <a href="/scorecard/{{ partnership_id }}">the scorecard</a> at once. Each
proposal shows how ambitious it is against the area's statistical neighbours and England.
Targets can also be loaded in bulk from a targets file (<code>placeboard targets load</code>).</p>
""" + ERRORS + """
{% if rows %}
<table class="plain" id="proposals-table">
  <caption class="visually-hidden">Proposed targets, those waiting first</caption>
  <thead><tr><th scope="col">Indicator</th><th scope="col">Area</th>
    <th scope="col">Target</th><th scope="col">Proposed</th><th scope="col">State</th></tr></thead>
  <tbody>{% for r in rows %}<tr>
    <td><a href="/scorecard/{{ partnership_id }}/proposals/{{ r.id }}">{{ r.title }}</a></td>
    <td>{{ r.area }}</td><td>{{ r.target }}</td><td>by {{ r.by }}, {{ r.at }}</td>
    <td><span class="status-tag">{{ r.state }}</span></td>
  </tr>{% endfor %}</tbody>
</table>
{% else %}<p id="proposals-none">No targets proposed yet.</p>{% endif %}
{% if can_propose %}
<h2 id="propose-heading">Propose a target</h2>
<form method="post" action="/scorecard/{{ partnership_id }}/proposals" id="proposal-form" novalidate>
  <input type="hidden" name="csrf_token" value="{{ csrf_token }}">
  <label for="proposal-indicator">Indicator</label>
  <select id="proposal-indicator" name="indicator">
    <option value="">Choose an indicator</option>
    {% for i in indicators %}<option value="{{ i.indicator_id }}"{% if form.indicator == i.indicator_id %} selected{% endif %}>{{ i.title }}</option>{% endfor %}
  </select>
  <label for="proposal-area">Area</label>
  <select id="proposal-area" name="area">
    {% for a in areas %}<option value="{{ a.code }}"{% if form.area == a.code %} selected{% endif %}>{{ a.name }} ({{ a.code }})</option>{% endfor %}
  </select>
  <label for="proposal-baseline">Baseline period</label>
  <p class="hint" id="proposal-period-hint">As the indicator's periods are written, for
    example 2022 or 2022-23. The baseline value is the published one.</p>
  <input type="text" id="proposal-baseline" name="baseline_period" value="{{ form.baseline_period }}"
    aria-describedby="proposal-period-hint">
  <label for="proposal-period">Target period</label>
  <input type="text" id="proposal-period" name="target_period" value="{{ form.target_period }}"
    aria-describedby="proposal-period-hint">
  <label for="proposal-value">Target value</label>
  <input type="text" id="proposal-value" name="target_value" inputmode="decimal"
    value="{{ form.target_value }}">
  <label for="proposal-milestones">Milestones (optional)</label>
  <p class="hint" id="proposal-milestones-hint">Periods and values on the way, for
    example 2025: 5.9, 2026: 5.4</p>
  <input type="text" id="proposal-milestones" name="milestones" value="{{ form.milestones }}"
    aria-describedby="proposal-milestones-hint">
  <label for="proposal-owner">Owner (optional)</label>
  <input type="text" id="proposal-owner" name="owner" value="{{ form.owner }}">
  <label for="proposal-rationale">Why this target</label>
  <p class="hint" id="proposal-rationale-hint">What it is based on and what will make it
    happen. The data manager reads this.</p>
  <textarea id="proposal-rationale" name="rationale"
    aria-describedby="proposal-rationale-hint">{{ form.rationale }}</textarea>
  <div class="buttons"><button type="submit" class="button" id="proposal-send">Propose
    the target</button></div>
</form>
{% endif %}
"""

DETAIL = """<p><a href="/scorecard/{{ partnership_id }}/proposals">All proposed targets for
{{ info.name }}</a></p>
<h1>Proposed target: {{ indicator_title }}, {{ area_name }}</h1>
<p><span class="status-tag" id="proposal-state">{{ item.state_words }}</span></p>
{% if message %}<div class="notice" role="status" id="proposal-message">{{ message }}</div>{% endif %}
""" + ERRORS + """
<dl class="summary" id="proposal-summary">
  <dt>Target</dt><dd>{{ target_text }}</dd>
  <dt>Baseline</dt><dd>{{ baseline_text }}</dd>
  {% if milestones %}<dt>Milestones</dt><dd>{{ milestones }}</dd>{% endif %}
  {% if item.fields.owner %}<dt>Owner</dt><dd>{{ item.fields.owner }}</dd>{% endif %}
  <dt>Why</dt><dd>{{ item.fields.rationale }}</dd>
  <dt>Proposed</dt><dd>by {{ item.proposed_by }}, {{ proposed_at }}</dd>
  {% if current %}<dt>Agreed target now</dt><dd>{{ current }}</dd>{% endif %}
  {% if item.decided_by %}<dt>{{ item.state_words }}</dt><dd>by {{ item.decided_by }},
    {{ decided_at }}{% if item.decision_note %}: “{{ item.decision_note }}”{% endif %}</dd>{% endif %}
</dl>
<h2>How ambitious is it?</h2>
{% if ambition_lines %}
<ul id="proposal-ambition">{% for line in ambition_lines %}<li>{{ line }}</li>{% endfor %}</ul>
{% for s in spreads %}
<table class="plain" id="proposal-spread-{{ loop.index }}">
  <caption>Change a year over {{ span }}: {{ s.label }} ({{ s.n }} areas), {{ unit }}</caption>
  <thead><tr><th scope="col">Lowest</th><th scope="col">Lower quartile</th>
    <th scope="col">Median</th><th scope="col">Upper quartile</th><th scope="col">Highest</th>
    <th scope="col">This target needs</th><th scope="col">Did as well</th></tr></thead>
  <tbody><tr>{% for q in s.quartiles %}<td>{{ q }}</td>{% endfor %}
    <td>{{ needed }}</td><td>{{ s.as_well }} of {{ s.n }}</td></tr></tbody>
</table>
{% endfor %}
{% if chart_link %}<p><a href="{{ chart_link }}">See it on the target's chart beside
  the agreed target</a></p>{% endif %}
{% else %}<p id="proposal-ambition-none">{{ no_ambition }}</p>{% endif %}
{% if can_decide %}
<h2>Decide</h2>
<form method="post" action="/scorecard/{{ partnership_id }}/proposals/{{ item.id }}" id="proposal-decide" novalidate>
  <input type="hidden" name="csrf_token" value="{{ csrf_token }}">
  <label for="proposal-note">Comment</label>
  <p class="hint" id="proposal-note-hint">Required when you send it back: say what should
    change.</p>
  <textarea id="proposal-note" name="note" aria-describedby="proposal-note-hint">{{ note }}</textarea>
  <div class="buttons">
    <button type="submit" class="button" name="decision" value="agree" id="proposal-agree">Agree
      the target</button>
    <button type="submit" class="button warning" name="decision" value="decline"
      id="proposal-decline">Send it back</button>
  </div>
</form>
{% endif %}
{% if can_withdraw %}
<form method="post" action="/scorecard/{{ partnership_id }}/proposals/{{ item.id }}" id="proposal-withdraw-form">
  <input type="hidden" name="csrf_token" value="{{ csrf_token }}">
  <div class="buttons"><button type="submit" class="button secondary" name="decision"
    value="withdraw" id="proposal-withdraw">Withdraw the proposal</button></div>
</form>
{% endif %}
"""

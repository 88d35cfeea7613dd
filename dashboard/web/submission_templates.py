"""The HTML of the submission pages (/submit, /submissions, /submissions/<id>): plain
server-rendered forms, GOV.UK style, that work without JavaScript (a file upload and a
review are forms a person fills in and sends). Jinja escapes every value."""

from __future__ import annotations

SHELL = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} - Placeboard</title>
<link rel="stylesheet" href="/assets/placeboard.css">
<style>
  .form-page { max-width: 46em; }
  .form-page label, .form-page legend { display: block; font-weight: 700; margin: 16px 0 4px; }
  .form-page .hint { color: var(--pb-muted, #505a5f); margin: 0 0 8px; }
  .form-page input[type=file], .form-page input[type=date], .form-page input[type=time],
  .form-page select, .form-page textarea { font: inherit; padding: 6px 8px;
    border: 2px solid var(--pb-text); max-width: 100%; }
  .form-page textarea { width: 100%; min-height: 5em; }
  .form-page fieldset { border: 0; padding: 0; margin: 16px 0; }
  .form-page .choice { display: flex; gap: 8px; align-items: center; margin: 6px 0; }
  .form-page .buttons { display: flex; gap: 16px; flex-wrap: wrap; margin-top: 24px; }
  .button.secondary { background: var(--pb-surface, #f3f2f1); color: var(--pb-text);
    border: 2px solid var(--pb-text); }
  .button.warning { background: var(--pb-worse); }
  .error-summary { border: 4px solid var(--pb-worse); padding: 12px 16px; margin: 16px 0;
                   font-weight: 700; }
  .notice { border-left: 4px solid var(--pb-blue); padding: 4px 12px; margin: 16px 0; }
  .status-tag { display: inline-block; padding: 2px 8px; font-weight: 700;
    border: 2px solid currentColor; }
  table.plain { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
  table.plain th, table.plain td { text-align: left; padding: 6px 8px;
    border-bottom: 1px solid #b1b4b6; vertical-align: top; }
  dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
  dl.summary dt { font-weight: 700; }
  dl.summary dd { margin: 0; }
</style>
</head>
<body>
<a href="#main" class="skip-link">Skip to main content</a>
<header class="site-header"><div class="container header-inner">
  <a href="/" class="brand">Placeboard</a>
  <nav aria-label="Submissions"><a href="/submit">Send data</a> ·
    <a href="/submissions">Submissions</a> · <a href="/account">Your account</a></nav>
</div></header>
<main id="main" class="container form-page" tabindex="-1">
{{ body }}
</main>
<footer class="site-footer" id="site-footer"><div class="container">
  <ul class="attribution">{% for line in attribution %}<li>{{ line }}</li>{% endfor %}</ul>
</div></footer>
</body>
</html>
"""

SUBMIT = """<h1>Send data</h1>
<p>Send a file of your partnership's data. It is checked at once with the same rules as
every load; a file that passes waits for a data manager's review and is published only
when they approve it, at the time they choose. Until then nobody else can see it.</p>
{% if error %}<div class="error-summary" role="alert" id="submit-error">{{ error }}</div>{% endif %}
<form method="post" action="/submit" enctype="multipart/form-data" id="submit-form" novalidate>
  <input type="hidden" name="csrf_token" value="{{ csrf_token }}">
  <label for="file">File</label>
  <p class="hint" id="file-hint">An ONS indicator CSV, a tidy CSV (indicator, area_code,
    period, value), a Fingertips export, or an Excel workbook (.xlsx) of one; at most
    {{ max_mb }} MB.</p>
  <input type="file" id="file" name="file" accept=".csv,.xlsx" aria-describedby="file-hint">
  {% if partnerships|length > 1 %}
  <label for="partnership">Partnership</label>
  <p class="hint">Whose data it is: until a data manager says otherwise, only its members
    will see it.</p>
  <select id="partnership" name="partnership">
    {% for p in partnerships %}<option value="{{ p }}">{{ p }}</option>{% endfor %}
  </select>
  {% elif partnerships %}
  <input type="hidden" name="partnership" value="{{ partnerships[0] }}">
  <p>For partnership <strong>{{ partnerships[0] }}</strong>: until a data manager says
    otherwise, only its members will see it.</p>
  {% else %}
  <p>You belong to no partnership, so until a data manager says otherwise only analysts
    will see it.</p>
  {% endif %}
  <div class="buttons"><button type="submit" class="button" id="submit-send">Check and
    send</button></div>
</form>
"""

LISTING = """<h1>Submissions</h1>
<p>{{ intro }}</p>
{% if rows %}
<table class="plain" id="submissions-table">
  <thead><tr><th scope="col">Number</th><th scope="col">File</th><th scope="col">From</th>
    <th scope="col">Sent</th><th scope="col">Status</th></tr></thead>
  <tbody>{% for r in rows %}<tr>
    <td><a href="/submissions/{{ r.id }}">{{ r.id }}</a></td><td>{{ r.file_name }}</td>
    <td>{{ r.submitter }}{% if r.partnership_id %} ({{ r.partnership_id }}){% endif %}</td>
    <td>{{ r.sent }}</td><td>{{ r.status }}</td></tr>{% endfor %}</tbody>
</table>
{% else %}<p id="submissions-none">None yet. <a href="/submit">Send data</a>.</p>{% endif %}
"""

DETAIL = """<h1>Submission {{ item.id }}: {{ item.file_name }}</h1>
<p><span class="status-tag" id="submission-status">{{ status_words }}</span></p>
<p id="submission-sentence">{{ sentence }}</p>
{% if message %}<div class="notice" role="status" id="submission-message">{{ message }}</div>{% endif %}
{% if error %}<div class="error-summary" role="alert" id="review-error">{{ error }}</div>{% endif %}
<dl class="summary">
  <dt>From</dt><dd>{{ item.submitter }}{% if item.partnership_id %}, partnership {{ item.partnership_id }}{% endif %}</dd>
  <dt>Sent</dt><dd>{{ sent }}</dd>
  <dt>Rows</dt><dd>{{ report.rows }}</dd>
  <dt>Indicators</dt><dd>{% for i in report.indicators %}{{ i.title }} ({{ i.indicator_id }}){% if not loop.last %}; {% endif %}{% endfor %}</dd>
  <dt>Periods</dt><dd>{{ report.periods|join(", ") }}</dd>
  <dt>Areas</dt><dd>{{ report.areas }}</dd>
  <dt>To be seen by</dt><dd id="submission-level">{{ level }}</dd>
  {% if item.load_id %}<dt>Load</dt><dd>{{ item.load_id }}{% for i in report.indicators %} · <a href="/indicator/{{ i.indicator_id }}">{{ i.title }}</a>{% endfor %}</dd>{% endif %}
</dl>
<h2>Checks</h2>
<p id="submission-checks">{{ checks }}</p>
{% if findings %}
<table class="plain" id="submission-findings">
  <thead><tr><th scope="col">Kind</th><th scope="col">Check</th><th scope="col">Where</th>
    <th scope="col">Value</th><th scope="col">What to do</th></tr></thead>
  <tbody>{% for f in findings %}<tr><td>{{ f.severity }}</td><td>{{ f.rule }}</td>
    <td>{{ f.where }}</td><td>{{ f.value }}</td><td>{{ f.message }}</td></tr>{% endfor %}</tbody>
</table>{% endif %}
{% if report.preview %}
<h2>The values</h2>
<p>The file's first {{ report.preview|length }} values as read. Only you and data managers
  can see them until they are published.</p>
<table class="plain" id="submission-preview">
  <thead><tr><th scope="col">Indicator</th><th scope="col">Area</th><th scope="col">Period</th>
    <th scope="col">Value</th><th scope="col">Interval</th></tr></thead>
  <tbody>{% for r in report.preview %}<tr><td>{{ r.indicator_id }}</td><td>{{ r.area_code }}</td>
    <td>{{ r.period_label }}</td><td>{{ "" if r.value is none else r.value }}</td>
    <td>{% if r.lci is not none and r.uci is not none %}{{ r.lci }} to {{ r.uci }}{% endif %}</td></tr>{% endfor %}</tbody>
</table>{% endif %}
<h2>Against the store</h2>
<p id="submission-changes">{{ changes }}</p>
{% if revised %}
<table class="plain" id="submission-revised"><caption>Revised values (up to 20)</caption>
  <thead><tr><th scope="col">Indicator</th><th scope="col">Area</th><th scope="col">Period</th>
    <th scope="col">Stored</th><th scope="col">In the file</th></tr></thead>
  <tbody>{% for r in revised %}<tr><td>{{ r.indicator_id }}</td><td>{{ r.area_code }}</td>
    <td>{{ r.period }}</td><td>{{ r.old }}</td><td>{{ r.new }}</td></tr>{% endfor %}</tbody>
</table>{% endif %}
<h2>Small counts</h2>
<p id="submission-small">{{ small }}</p>
<h2>What has happened</h2>
<table class="plain" id="submission-events">
  <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th></tr></thead>
  <tbody>{% for e in events %}<tr><td>{{ e.when }}</td><td>{{ e.who }}</td><td>{{ e.what }}</td></tr>{% endfor %}</tbody>
</table>
{% if can_review %}
<h2>Review</h2>
<form method="post" action="/submissions/{{ item.id }}" id="review-form" novalidate>
  <input type="hidden" name="csrf_token" value="{{ csrf_token }}">
  <fieldset><legend>Who will see it once published</legend>
  {% for c in levels %}<div class="choice"><input type="radio" name="access_level"
    id="level-{{ loop.index }}" value="{{ c.value }}" {% if c.checked %}checked{% endif %}>
    <label for="level-{{ loop.index }}" style="display:inline;margin:0">{{ c.label }}</label></div>{% endfor %}
  </fieldset>
  <fieldset><legend>When to publish it</legend>
  <p class="hint">Leave the date blank to publish as soon as you approve. A date with no
    time means 09:30, UK time.</p>
  <label for="embargo-date">Date (embargoed until)</label>
  <input type="date" id="embargo-date" name="embargo_date" value="{{ form.embargo_date }}">
  <label for="embargo-time">Time (UK)</label>
  <input type="time" id="embargo-time" name="embargo_time" value="{{ form.embargo_time }}">
  </fieldset>
  <label for="comment">Comment for the submitter</label>
  <p class="hint">Needed to reject: say what to change.</p>
  <textarea id="comment" name="comment">{{ form.comment }}</textarea>
  <div class="buttons">
    <button type="submit" class="button" name="decision" value="approve" id="review-approve">Approve</button>
    <button type="submit" class="button warning" name="decision" value="reject" id="review-reject">Reject</button>
  </div>
</form>
{% endif %}
<p><a href="/submissions">All submissions</a></p>
"""

MEETINGS = """<h1>{{ info.name }}: board meetings</h1>
<p>A meeting recorded here keeps exactly what the board saw: every target's values,
status, reason, projection, commentary and action, the data versions, and the board pack.
Later loads and rule changes never change it. <a href="/scorecard/{{ partnership_id }}">The
live scorecard</a>.</p>
{% if error %}<div class="error-summary" role="alert" id="meeting-error">{{ error }}</div>{% endif %}
{% if rows %}
<table class="plain" id="meetings-table">
  <thead><tr><th scope="col">Meeting</th><th scope="col">Date</th><th scope="col">Recorded</th>
    {% if pdf %}<th scope="col">Board pack</th>{% endif %}</tr></thead>
  <tbody>{% for r in rows %}<tr>
    <td><a href="/scorecard/{{ partnership_id }}?meeting={{ r.date }}">{{ r.title }}</a></td>
    <td>{{ r.date }}</td><td>by {{ r.by }}, {{ r.at }}</td>
    {% if pdf %}<td><a href="/scorecard/{{ partnership_id }}/meetings/{{ r.date }}.pdf">PDF as presented</a></td>{% endif %}
  </tr>{% endfor %}</tbody>
</table>
{% else %}<p id="meetings-none">No meetings recorded yet.</p>{% endif %}
{% if can_record %}
<h2>Record a meeting</h2>
<form method="post" action="/scorecard/{{ partnership_id }}/meetings" id="meeting-form" novalidate>
  <input type="hidden" name="csrf_token" value="{{ csrf_token }}">
  <label for="meeting-date">Date of the meeting</label>
  <input type="date" id="meeting-date" name="meeting_date" value="{{ form.meeting_date }}">
  <label for="meeting-title">Title</label>
  <input type="text" id="meeting-title" name="title" value="{{ form.title }}"
    style="width:100%;font:inherit;padding:6px 8px;border:2px solid var(--pb-text)">
  <p class="hint">Recording freezes the scorecard and board pack as they are now. It
    cannot be changed afterwards.</p>
  <div class="buttons"><button type="submit" class="button" id="meeting-record">Record
    the meeting as presented</button></div>
</form>
{% endif %}
"""

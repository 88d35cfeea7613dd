-- access: indicator-param 0
-- Every published row of one indicator for one area, every period, from `breakdowns`
-- (Fingertips: values by sex, age and category such as deprivation decile; the headline
-- rows too). The 99.8% limits are named as disclosure control names them, so a withheld
-- row loses them with its value, interval and counts. Parameters: indicator id, area code.
SELECT indicator_id, area_code, period_start, period_duration, period_label, sex, age,
       category_type, category, category_order, value, lci, uci, lci99 AS lci_998,
       uci99 AS uci_998, numerator, denominator, note
FROM breakdowns
WHERE indicator_id = ? AND area_code = ?
ORDER BY period_start, period_duration, category_type, category_order, sex, age

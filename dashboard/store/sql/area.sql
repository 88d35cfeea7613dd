-- access: none
SELECT * FROM areas WHERE area_code = ?

SELECT * FROM areas WHERE area_code = ?

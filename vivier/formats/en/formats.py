"""English as Vivier writes it: day first and a 24-hour clock, as in French (en-GB, not Django's US "en").

The team reads both languages side by side, in Europe: "09/12/2026 09:00" must mean the 9th of December in
either, never the 12th of September at 9 a.m. Numbers keep English's point and comma. The *_FORMAT strings are
Django's date format syntax; the *_INPUT_FORMATS, strftime's.
"""

DATE_FORMAT = "j F Y"  # 9 December 2026
TIME_FORMAT = "H:i"  # 09:00
DATETIME_FORMAT = "j F Y H:i"  # 9 December 2026 09:00
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"  # 9 December
SHORT_DATE_FORMAT = "d/m/Y"  # 09/12/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 09/12/2026 09:00
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-09 (the browsers' date inputs)
    "%d/%m/%Y",  # 09/12/2026
    "%d/%m/%y",  # 09/12/26
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S.%f",
    "%d/%m/%Y %H:%M",
    "%d/%m/%y %H:%M:%S",
    "%d/%m/%y %H:%M",
]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M:%S.%f", "%H:%M"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

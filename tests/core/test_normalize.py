"""Phone numbers: the quick path for numbers written with their country code must give
exactly what phonenumbers gives, for every country."""

import random

import phonenumbers
import pytest

from app.errors import InvalidInput
from app.normalize import normalize_phone, quick_e164


def phonenumbers_e164(value: str) -> str | None:
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def international_forms(rng: random.Random):
    """Example numbers of every region and number type, written as people write them, and
    mangled: digits dropped or added, a trunk 0 after the code."""
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            written = phonenumbers.format_number(
                example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
            code, _, rest = written.partition(" ")
            yield written
            yield written.replace(" ", "")
            yield written.replace(" ", "-")
            yield f"{code} 0{rest}"
            yield written + str(rng.randint(0, 9))
            yield written[:-1]
            yield f"{code} {rng.randint(1, 10**rng.randint(3, 12))}"


def test_the_quick_path_agrees_with_phonenumbers_everywhere():
    rng = random.Random(7)
    checked = quick = 0
    for value in international_forms(rng):
        fast = quick_e164(value)
        checked += 1
        if fast is not None:
            quick += 1
            assert fast == phonenumbers_e164(value), value
    assert checked > 2000 and quick > checked // 3  # it is used, and it is checked


@pytest.mark.parametrize("value, expected", [
    ("+44 20 7946 0000", "+442079460000"),
    ("+44 (0)20 7946 0000", "+442079460000"),  # not plain: phonenumbers decides
    ("+44 020 7946 0000", "+442079460000"),
    ("+39 02 1234 5678", "+390212345678"),  # Italy keeps its leading zero
    ("+1 212 200 0001", "+12122000001"),
    ("020 7946 0000", "+442079460000"),
])
def test_normalized_phones(value, expected):
    assert normalize_phone(value, "GB") == expected


def test_an_impossible_number_is_still_refused():
    with pytest.raises(InvalidInput):
        normalize_phone("+44 12", "GB")

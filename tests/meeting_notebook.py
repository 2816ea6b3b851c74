"""A realistic notebook of 50 people around the user (Sam Carter), to try the meeting brief,
connection paths and company pages the way a new user would. Used by tests and by
`python -m tests.meeting_notebook PATH` to make a notebook to look at."""

from __future__ import annotations

import datetime as dt
import struct
import zlib

from app.domain import IntroductionStatus, PartialDate, PersonDraft, ReminderKind

COMPANIES = ("Acme", "Globex", "Initech", "Northwind", "Umbrella", "Hooli", "Stark Logistics")
GIVEN = ("Olivia", "Noah", "Maya", "Liam", "Zoe", "Ethan", "Iris", "Omar", "Lena", "Jonas",
         "Priya", "Mateo", "Chloe", "Felix", "Nora", "Hugo", "Ines", "Kai", "Lucia", "Arjun",
         "Elsa", "Theo", "Yara", "Milo", "Sara", "Ravi", "Greta", "Leon", "Amara", "Tomas",
         "Hana", "Victor", "Mina", "Oscar", "Rosa", "Emil", "Aisha", "Bruno")
FAMILY = ("Silva", "Novak", "Chen", "Walsh", "Kowalski", "Haddad", "Berg", "Rossi", "Tanaka",
          "Murphy", "Costa", "Fischer", "Dubois", "Singh", "Moreau", "Larsen")
TITLES = ("Account Executive", "Operations Manager", "Engineer", "Product Manager",
          "Finance Director", "Designer", "Head of Sales", "Analyst", "Buyer", "Consultant")
LIKES = ("trail running", "jazz", "single malt", "Formula 1", "gardening", "board games",
         "sourdough baking", "chess", "cycling", "opera")


def portrait_png(size: int = 96, tint: tuple[int, int, int] = (70, 110, 160)) -> bytes:
    """A small PNG made without any image library: a soft gradient with a lighter disc."""
    rows = []
    centre = size / 2
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            inside = (x - centre) ** 2 + (y - centre * 0.8) ** 2 < (size * 0.22) ** 2 or \
                ((x - centre) ** 2 / 1.6 + (y - size) ** 2 < (size * 0.42) ** 2)
            shade = 60 if inside else 0
            row += bytes(min(255, c + shade + y // 3) for c in tint)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))


def _ago(today: dt.date, days: int, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(today - dt.timedelta(days=days), dt.time(hour)).astimezone()


def fill(nb, today: dt.date | None = None) -> dict[str, int]:
    """Add the 50 people; return the ids of the ones the walkthrough uses by name."""
    today = today or dt.date.today()
    ids: dict[str, int] = {}

    def person(key: str, given: str, family: str, **fields) -> int:
        ids[key] = nb.people.create(PersonDraft(given_name=given, family_name=family,
                                                **fields)).id
        return ids[key]

    me = person("me", "Sam", "Carter", is_me=True, hometown="Leeds")
    nb.careers.add_job(me, "Northwind", title="Account Manager", start=dt.date(2017, 2, 1),
                       end=dt.date(2021, 8, 31))
    nb.careers.add_job(me, "Brightlane", title="Senior Account Executive",
                       start=dt.date(2021, 9, 1))

    carla = person("carla", "Carla", "Diaz", hometown="Seville",
                   how_we_met="Northwind customer dinner", met_on=dt.date(2019, 5, 14))
    nb.careers.add_job(carla, "Umbrella", title="VP Partnerships", start=dt.date(2020, 1, 6))

    ana = person("ana", "Ana", "Lima", nickname="Annie", pronouns="she/her", hometown="Porto",
                 how_we_met="At SaaStr 2023", met_on=dt.date(2023, 9, 12),
                 introduced_by_id=carla, birthday=PartialDate(1, 2, 1981))
    nb.careers.add_job(ana, "Initech", title="Senior Buyer", start=dt.date(2014, 3, 1),
                       end=dt.date(2019, 6, 30))
    nb.careers.add_job(ana, "Globex", title="Procurement Lead", start=dt.date(2019, 7, 1),
                       end=dt.date(2022, 8, 31))
    ana_job = nb.careers.add_job(ana, "Acme", title="Head of Procurement",
                                 start=today - dt.timedelta(days=3 * 365 + 40))
    nb.people.set_photo(ana, portrait_png(tint=(150, 90, 80)))
    nb.relationships.add_loved_one(ana, "spouse", "Rui Lima",
                                   PartialDate((today + dt.timedelta(days=19)).month,
                                               (today + dt.timedelta(days=19)).day, 1979))
    nb.relationships.add_loved_one(ana, "child", "Beatriz Lima", PartialDate(6, 3, 2014))
    for line in ("likes: Port wine, especially tawny", "likes: FC Porto",
                 "dislikes: slide decks longer than ten pages",
                 "pet peeve: people who arrive late to calls",
                 "avoid: the Globex reorganisation — she left on bad terms",
                 "hobby: sailing on the Douro", "food & drink: vegetarian"):
        nb.facts.quick_add(ana, line)

    ben = person("ben", "Benedict", "Okafor", nickname="Ben", prefix="Dr.", pronouns="he/him",
                 hometown="Lagos", how_we_met="Acme pilot kick-off",
                 met_on=dt.date(2024, 2, 20), introduced_by_id=ana,
                 birthday=PartialDate((today + dt.timedelta(days=41)).month,
                                      (today + dt.timedelta(days=41)).day))
    nb.careers.add_job(ben, "Stark Logistics", title="Controller", start=dt.date(2012, 9, 1),
                       end=dt.date(2020, 12, 31))
    nb.careers.add_job(ben, "Acme", title="CFO", start=dt.date(2021, 1, 4))
    nb.careers.update_job(ana_job.id, reports_to_id=ben)
    nb.people.set_photo(ben, portrait_png(tint=(60, 120, 100)))
    nb.relationships.add_loved_one(ben, "spouse", "Ifeoma Okafor")
    for line in ("likes: Arsenal", "likes: long-distance running", "dislikes: vague numbers",
                 "avoid: golf — he hates being asked", "goal: take Acme public by 2028",
                 "gift idea: a good running book"):
        nb.facts.quick_add(ben, line)

    # The target of "how am I connected": reached through a former colleague of Sam's.
    dan = person("dan", "Daniel", "Weiss", hometown="Hamburg")
    nb.careers.add_job(dan, "Northwind", title="Sales Engineer", start=dt.date(2018, 4, 1),
                       end=dt.date(2022, 3, 31))
    nb.careers.add_job(dan, "Hooli", title="Solutions Architect", start=dt.date(2022, 4, 1))
    helena = person("helena", "Helena", "Park", hometown="Seoul")
    nb.careers.add_job(helena, "Hooli", title="Chief Operating Officer",
                       start=dt.date(2020, 10, 1))
    nb.relationships.relate(dan, helena, "manager")

    # Everyone else: staff across the companies, some of whom moved on.
    n = 0
    while len(ids) < 50:
        given, family = GIVEN[n % len(GIVEN)], FAMILY[(n * 7) % len(FAMILY)]
        key = f"p{n}"
        pid = person(key, given, family, hometown=("Lisbon", "Leeds", "Berlin", "Austin")[n % 4])
        company = COMPANIES[n % len(COMPANIES)]
        start = dt.date(2010 + n % 12, 1 + n % 12, 1)
        if n % 5 == 0:
            end = start + dt.timedelta(days=700 + 30 * n)
            nb.careers.add_job(pid, company, title=TITLES[n % len(TITLES)], start=start,
                               end=end)
            nb.careers.add_job(pid, COMPANIES[(n + 3) % len(COMPANIES)],
                               title=TITLES[(n + 1) % len(TITLES)],
                               start=end + dt.timedelta(days=1))
        else:
            nb.careers.add_job(pid, company, title=TITLES[n % len(TITLES)], start=start,
                               reports_to_id=ben if company == "Acme" else None)
        nb.facts.quick_add(pid, f"likes: {LIKES[n % len(LIKES)]}")
        if n % 3 == 0:
            nb.interactions.log("call", [pid], when=_ago(today, 20 + n), subject="Catch-up")
        n += 1
    nb.relationships.relate(ana, ids["p0"], "friend")
    nb.relationships.relate(ben, ids["p7"], "mentor")

    # What was said and promised.
    nb.interactions.log("meeting", [ana, ben], when=_ago(today, 75), subject="Pilot kick-off",
                        location="Acme HQ", notes="Agreed a 90-day pilot in the Porto plant.")
    nb.interactions.log("call", [ana], when=_ago(today, 40), subject="Pilot check-in",
                        notes="Happy with onboarding; worried about SSO for the warehouse "
                              "team. Asked for a reference customer in logistics.")
    nb.interactions.log("meal", [ana], when=_ago(today, 12, 13), subject="Lunch in Porto",
                        location="Cantinho do Avillez",
                        notes="Renewal likely if SSO ships by March. Her team grows to 12 "
                              "in Q2; budget sign-off sits with Ben.")
    nb.interactions.log("email", [ben], when=_ago(today, 9), subject="Pricing for 12 seats",
                        notes="Wants a multi-year discount and quarterly invoicing.")
    due = dt.datetime.combine(today + dt.timedelta(days=2), dt.time(9)).astimezone()
    nb.reminders.add("Send Ana the logistics reference (Stark)", due,
                     kind=ReminderKind.PROMISE, person_id=ana)
    nb.reminders.add("Confirm the SSO delivery date", due - dt.timedelta(days=5),
                     kind=ReminderKind.FOLLOW_UP, person_id=ana)
    nb.reminders.add("Send the 3-year pricing proposal", due, kind=ReminderKind.PROMISE,
                     person_id=ben)
    nb.introductions.record(carla, ben, status=IntroductionStatus.INTRODUCED,
                            asked_on=dt.date(2023, 12, 1))
    return ids


if __name__ == "__main__":  # python -m tests.meeting_notebook PATH
    import sys
    from pathlib import Path

    from app.notebook import Notebook

    target = Path(sys.argv[1])
    with Notebook.create(target, "meeting notebook passphrase") as notebook:
        fill(notebook)
    print(f"Created {target} (passphrase: meeting notebook passphrase)")

"""A seeded generator of realistic people (names, phones, emails, jobs, facts, tags,
interactions), and a helper that builds a notebook of N of them through the bulk service."""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path

from app.domain import PartialDate, PersonDraft, Stage
from app.notebook import Notebook
from app.services.bulk import NewInteraction, NewJob, NewPerson
from app.services.people import NewContact

GIVEN = ["Ana", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "James", "Kavya", "Liam", "Maria", "Noah", "Olga", "Pedro", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoe", "Aisha", "Bruno", "Chloe", "Diego", "Emma", "Felix", "Gita", "Hannah", "Ivan", "Julia", "Kenji", "Laura", "Marco", "Nadia", "Oscar", "Priya", "Rafael", "Sofia", "Tom", "Ursula", "Vera", "William", "Yara", "Zain", "Alice", "Boris", "Camille", "Dmitri", "Eva", "Fatima", "George", "Helena", "Isaac", "Jonas", "Katarina", "Lucas", "Mei", "Nikolai", "Olivia", "Paulo", "Rania", "Stefan", "Tanya", "Umar", "Valentina", "Walter", "Xavier", "Yvonne", "Zora", "John", "Joanna", "Joseph", "Josephine", "Jordan", "Joan", "Jonathan", "Jose", "Joy", "Jody", "Johan"]
FAMILY = ["Lima", "Okafor", "Diaz", "Chen", "Novak", "Haddad", "Smith", "Tanaka", "Silva", "Brown", "Sharma", "Murphy", "Rossi", "Kowalski", "Petrova", "Costa", "Nguyen", "Garcia", "Ahmed", "Mueller", "Johansson", "Kim", "Dubois", "Moreau", "Fischer", "Weber", "Ivanova", "Santos", "Oliveira", "Pereira", "Rahman", "Khan", "Ali", "Hansen", "Larsen", "Nielsen", "Jensen", "Bakker", "Visser", "Jansen", "Lopez", "Martinez", "Gonzalez", "Hernandez", "Perez", "Sanchez", "Romero", "Torres", "Flores", "Rivera", "Gomez", "Wilson", "Taylor", "Thomas", "Moore", "Martin", "Jackson", "White", "Harris", "Clark", "Lewis", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Parker", "Collins", "Edwards", "Stewart", "Morris", "Murray", "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey", "Bell", "Kelly", "Howard", "Ward", "Cox", "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "James", "Hughes", "Price"]
CITIES = ["Porto", "Lisbon", "Lagos", "Nairobi", "Austin", "Boston", "Denver", "Seattle", "Toronto", "Montreal", "Madrid", "Barcelona", "Berlin", "Munich", "Hamburg", "Paris", "Lyon", "Milan", "Rome", "Warsaw", "Prague", "Vienna", "Zurich", "Geneva", "Stockholm", "Oslo", "Copenhagen", "Helsinki", "Dublin", "Manchester", "Leeds", "Glasgow", "Edinburgh", "Mumbai", "Bangalore", "Delhi", "Singapore", "Tokyo", "Osaka", "Seoul", "Sydney", "Melbourne", "Auckland", "Chicago", "Atlanta", "Miami", "Dallas"]
COMPANY_A = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka", "Cyberdyne", "Tyrell", "Hooli", "Pied", "Vandelay", "Soylent", "Aperture", "Black", "Blue", "Green", "Red", "North", "South", "East", "West", "Bright", "Clear", "Deep", "Swift", "Prime", "Summit", "Harbor", "River", "Stone", "Iron", "Silver", "Golden", "Cedar", "Maple", "Oak", "Pine", "Falcon", "Eagle", "Orbit", "Nova"]
COMPANY_B = ["Corp", "Industries", "Labs", "Systems", "Analytics", "Robotics", "Logistics", "Health", "Capital", "Partners", "Foods", "Energy", "Media", "Networks", "Software", "Consulting", "Group", "Holdings", "Ventures", "Pharma"]
TITLES = """CEO CTO CFO COO VP Sales, VP Engineering, Head of Procurement, Procurement Manager,
Account Executive, Sales Director, Product Manager, Engineering Manager, Data Scientist,
Operations Lead, Marketing Director, General Counsel, Founder, Partner, Analyst""".replace(
    "\n", " ").split(", ")
LIKES = """single malt whisky, trail running, jazz, sailing, espresso, chess, opera, cycling,
red wine from Douro, sushi, board games, gardening, photography, skiing, tennis, golf,
vintage cars, science fiction, cooking, hiking, yoga, football, cricket, poetry""".replace(
    "\n", " ").split(", ")
PEEVES = """late meetings, long emails, cold calls, jargon, typos in contracts, small talk,
open-plan offices, being interrupted, slides with too much text""".replace("\n", " ").split(", ")
TOPICS = """quarterly review, pricing, renewal, new integration, onboarding, security audit,
expansion to Europe, hiring plans, product roadmap, budget approval""".replace(
    "\n", " ").split(", ")


def companies(rng: random.Random, count: int = 2000) -> list[str]:
    names = {f"{rng.choice(COMPANY_A)} {rng.choice(COMPANY_B)}" for _ in range(count * 3)}
    return sorted(names)[:count]


def generate(count: int, seed: int = 42) -> tuple[list[NewPerson], list[NewInteraction]]:
    rng = random.Random(seed)
    orgs = companies(rng)
    people, interactions = [], []
    for n in range(count):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        birthday = PartialDate(rng.randint(1, 12), rng.randint(1, 28),
                               rng.choice([None, rng.randint(1950, 2000)]))
        draft = PersonDraft(given_name=given, family_name=family, hometown=rng.choice(CITIES),
                            birthday=birthday, stage=rng.choice([None, *Stage]),
                            notes=f"Met through {rng.choice(FAMILY)}; {rng.choice(TOPICS)}.")
        phone = f"+44 20 {rng.randint(7000, 7999)} {rng.randint(0, 9999):04d}"
        email = f"{given}.{family}{n}@{rng.choice(orgs).split()[0].lower()}.example"
        jobs = [NewJob(rng.choice(orgs), rng.choice(TITLES), dt.date(2015, 1, 1),
                       dt.date(2019, 6, 1)),
                NewJob(rng.choice(orgs), rng.choice(TITLES), dt.date(2019, 6, 1))]
        facts = [("like", rng.choice(LIKES)), ("like", rng.choice(LIKES)),
                 ("pet peeve", rng.choice(PEEVES))]
        people.append(NewPerson(draft, [NewContact("phone", phone), NewContact("email", email)],
                                jobs, facts, [rng.choice(["client", "prospect", "conference",
                                                          "board", "alumni"])]))
        for _ in range(2):
            when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC) - dt.timedelta(days=rng.randint(0, 900))
            interactions.append(NewInteraction(
                rng.choice(["call", "meeting", "email", "meal"]), when, [n],
                subject=rng.choice(TOPICS).capitalize(), notes=f"Talked about {rng.choice(LIKES)}"))
    return people, interactions


def build(path: Path, count: int, passphrase: str, seed: int = 42) -> float:
    """Create a notebook of `count` generated people; returns the seconds it took."""
    started = time.perf_counter()
    people, interactions = generate(count, seed)
    with Notebook.create(path, passphrase) as nb:
        nb.settings.set("default_region", "GB")
        nb.bulk.add_people(people, interactions)
    return time.perf_counter() - started

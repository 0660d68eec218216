"""Write the labelled corpus for the redaction benchmark: ``scripts/data/redaction_corpus.jsonl``.

Each line is ``{"text": ..., "spans": [[start, end, kind], ...]}``. Positive texts come from templates
written in the voice of families, filled with made-up identifiers; the offsets are computed as the text
is assembled, so they are exact. Negative texts are hand-written SEND sentences with no identifier,
including traps for the detector ("Primary school", "the Academy", "May half term", "Mrs" on its own).

The names, surnames, schools and formats here were written separately from the detector's word lists
(``forum_feedback/analysis/data/redaction_*.txt``) and deliberately include names the detector does not
ship, names that are also words, and school names of unusual shapes, so recall is measured honestly.
Conventions: a title is not part of a name ("Mrs [Okafor]"), a leading "The" is not part of a school,
trailing punctuation is not part of a web address.

Three files are written: the tuning corpus (``redaction_corpus.jsonl``: the templates and negatives, tuned
on), the held-out corpus (``redaction_heldout.jsonl``: hand-written texts in ``[[text|kind]]`` markup that the
detector was not tuned on, though its first run after the issue 7 changes was looked at) and held-out part 2
(``redaction_heldout2.jsonl``: written after those changes, the clean estimate).

Settings that are not schools (respite, residential and care settings: "Oak Lodge", "Cedar House
Children's Home") take the kind "setting"; nurseries, colleges, special schools called "The ..." and
resource bases in schools take "school". A bare "The Willows" keeps its "The".

Usage: ``python scripts/make_redaction_corpus.py [--out FILE] [--held-out FILE] [--seed N]`` (held-out part 2
always goes to ``scripts/data/redaction_heldout2.jsonl``)
(deterministic for a seed).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Callable
from pathlib import Path

OUT = Path(__file__).parent / "data" / "redaction_corpus.jsonl"
HELD_OUT_FILE = Path(__file__).parent / "data" / "redaction_heldout.jsonl"
HELD_OUT_2_FILE = Path(__file__).parent / "data" / "redaction_heldout2.jsonl"

CHILD_NAMES = [
    "Jack",
    "Amelia-Rose",
    "Oisín",
    "Tadhg",
    "Kwabena",
    "Chukwuemeka",
    "Aoife",
    "Saoirse",
    "Niamh",
    "Eilidh",
    "Rhiannon",
    "Gruffydd",
    "Ffion",
    "Mohammed",
    "Ayaan",
    "Zainab",
    "Ifrah",
    "Hodan",
    "Mahamed",
    "Harpreet",
    "Arjun",
    "Aditi",
    "Thanh",
    "Linh",
    "Xiaoling",
    "Jiayi",
    "Wiktoria",
    "Oliwia",
    "Kacper",
    "Bogdan",
    "Darius",
    "Ionut",
    "Emre",
    "Elif",
    "Yusuf",
    "Kai",
    "Theo",
    "Alfie",
    "Isla",
    "Freddie",
    "Harper",
    "Reuben",
    "Ezra",
    "Leighton",
    "Tyrese",
    "Kayden",
    "Jaxon",
    "Nevaeh",
    "Maddison",
    "Skyla",
    "Ottilie",
    "Wilf",
    "Barnaby",
    "Elodie",
    "Seraphina",
    "Temitope",
    "Olamide",
    "Chiamaka",
    "Kehinde",
    "Adwoa",
    "Tatenda",
    "Rutendo",
    "Anesu",
    "Rashid",
    "Faisal",
    "Musa",
    "Yahya",
    "Hafsa",
    "Sumaya",
    "Inaaya",
    "Esa",
    "Dawud",
    "Krzysztof",
    "Zuzanna",
    "Milena",
    "Ahmet",
    "Nour",
    "Lior",
    "Callum",
    "Brody",
    "Archie",
    "Rowan",
    "Lyra",
    "Alba",
    "Orla",
    "Sienna",
    "Mason",
    "Olivia",
    "Noah",
    "Lily-Mae",
    "Ruby",
    "Poppy",
    "Jayden",
    "Zak",
    "Malachi",
    "Aarav",
    "Keeley",
    "Bradley",
    "Connie",
    "Harrison",
    "Esther",
    "Dominik",
    "Filip",
    "Kofi",
    "Amara",
]
ADULT_NAMES = [
    "Sarah",
    "Tom",
    "Bernadette",
    "Gurdeep",
    "Siobhan",
    "Nkechi",
    "Wojciech",
    "Andrea",
    "Lorraine",
    "Marcus",
    "Delphine",
    "Shabana",
    "Yvonne",
    "Graham",
    "Fatima",
    "Colm",
    "Precious",
    "Beverley",
    "Tariq",
    "Joanne",
    "Ravinder",
    "Hyacinth",
    "Pawel",
    "Kerry-Ann",
    "Declan",
    "Nasreen",
    "Trudy",
    "Ade",
    "Louise",
    "Gwyneth",
    "Stelian",
    "Hamish",
    "Maureen",
]
SURNAMES = [
    "Patel",
    "O'Connor",
    "Okafor",
    "Kowalski",
    "Nguyen",
    "Evans",
    "Hughes",
    "Kaur",
    "Singh",
    "Begum",
    "Ahmed",
    "Smith-Jones",
    "McAllister",
    "MacLeod",
    "Adeyemi",
    "Mensah",
    "Osei",
    "Hussain",
    "Chowdhury",
    "Thompson",
    "Wright",
    "Jenkins",
    "Sharma",
    "Wiśniewska",
    "Popescu",
    "Yilmaz",
    "Haddad",
    "Khan",
    "Rahman",
    "Mahmood",
    "Clarke",
    "Fitzgerald",
    "Llewellyn",
    "Pritchard",
    "Walsh",
    "Brennan",
    "Greenwood",
    "Fairbrother",
    "Ashworth",
    "Threlfall",
    "Oyelaran",
    "Mwangi",
    "Zhang",
    "Wong",
    "Tanaka",
    "Green",
    "Brown",
    "D'Souza",
    "Bailey",
]
TITLES = ["Mr", "Mrs", "Ms", "Miss", "Dr", "Mrs.", "Dr.", "Mr."]

SCHOOL_NAMES = """Oakfield|Brookside|Hollybank|Kingsmead|Fairfield|Ashgrove|Elmwood|Westfield|Thornhill|Larkrise
|Moorside
|Highfield|Rosehill|Sandringham|Bramley|Chiltern|Castle View|Park Lane|Valley Road|Hazelwood|Willow Tree|St Aidan's
|St Mary's|St. Joseph's|St Bede's|Holy Trinity|Christ Church|Our Lady of Lourdes|Bishop Stopford|Sir John Cass
|Abbey Hill|Beacon Hill|Cedars|Newbridge|Al-Noor|King David|Tudor Grange|Mayfield|Lanchester|Pinewood|Riverbank
|Foxhill|Greenacres|Whitmore|Chapel End|Ravenscourt|Brinsworth|Ysgol Glan|Grange|Meadows""".replace("\n", "").split("|")
SETTINGS = """Primary School|Primary|Academy|Primary Academy|C of E Primary School|CE Primary|Catholic Primary School
|RC Primary|Infant School|Infants|Junior School|Juniors|Nursery|Nursery School|Pre-School|Special School|School
|High School|High|College|Sixth Form College|Community College|Pupil Referral Unit|PRU|Free School|Grammar School
|Secondary School|Community Primary School|Children's Centre|Montessori Nursery|Church of England Academy
|Infant and Nursery School""".replace("\n", "").split("|")
LOWER_SETTINGS = ["primary", "school", "academy", "nursery"]
THE_SCHOOLS = {"Grange", "Meadows", "Cedars"}

# Settings of other kinds (added for issue 7): early years, colleges, special schools called "The ...",
# and respite, residential and care settings, which take the "setting" kind and the "[setting]" placeholder.
EARLY_NAMES = """Little Acorns|Busy Bees|Tiny Tots|Sunshine|Buttercups|Ladybirds|Honeypot|Stepping Stones
|Tree Tops|Puddle Ducks|Jack in the Box|Kiddies Corner|Little Owls|Humpty Dumpty|Caterpillars
|Tiddlers""".replace("\n", "").split("|")
EARLY_KINDS = ["Nursery", "Day Nursery", "Pre-School", "Preschool", "Playgroup", "Nursery School", "Kindergarten"]
COLLEGE_NAMES = """Calder Valley|Wyke|Selby|Bridgwater|Longley Park|Northgate|Hopwood Hall|Priestley|Askham Bryan
|Craven|Burton and South Derbyshire|Weston""".replace("\n", "").split("|")
COLLEGE_KINDS = ["College", "Sixth Form College", "Sixth Form", "College of Further Education"]
THE_SPECIAL = ["Beeches", "Willows", "Orchard", "Vale", "Heights", "Bridge", "Hollies", "Elms", "Ridge", "Ferns"]
SPECIAL_KINDS = ["School", "Academy", "Special School", "Specialist School"]
CARE_NAMES = """Oak|Cedar|Rainbow|Acorn|Willow|Beech|Rowan|Hazel|Maple|Holly|Sycamore|Chestnut|Heather|Bluebell
|Primrose|Sunflower|Lavender|Meadow View|Hill Top|Brook|Kestrel|Harbour""".replace("\n", "").split("|")
CARE_KINDS = """Lodge|House|Court|Cottage|Short Breaks Centre|Respite Centre|Children's Home|House Children's Home
|Unit|Resource Centre|Day Centre|Care Home""".replace("\n", "").split("|")
BASE_KINDS = ["Resource Base", "ASD Base", "Resource Provision", "Hub"]
# First names the detector does not ship, for texts with no cue word before the name.
BARE_NAMES = """Tadhg|Kwabena|Oluwaseun|Ifeoma|Bartek|Eshaan|Rhodri|Anwen|Lowenna|Zosia|Marek|Chidi|Adaeze
|Tomos|Cerys|Eilidh|Ruairi|Fionn|Aoibhinn|Dhruv|Ishaan|Anvi|Siddharth|Thandiwe|Kagiso|Farida|Yaseen|Hamza
|Bilal|Nusaybah|Wiremu|Keoni|Anzhelika|Radek|Kuba|Dawit|Selam|Abdirahman|Hibaaq|Nadifa|Leandro|Thiago
|Ximena|Kamsi|Tobenna|Ebube""".replace("\n", "").split("|")

EMAIL_USERS = [
    "jo.bloggs",
    "sarah_patel82",
    "mum.of.three",
    "j.okafor",
    "KWAME.MENSAH",
    "senco",
    "a.b+forum",
    "tired-dad",
    "office",
    "hollyh1987",
    "send.team",
    "the.wrights",
]
EMAIL_DOMAINS = [
    "example.com",
    "hotmail.co.uk",
    "gmail.com",
    "oakfield.sch.uk",
    "OUTLOOK.COM",
    "brookside-academy.org.uk",
    "yahoo.co.uk",
    "btinternet.com",
    "example.gov.uk",
    "nhs.net",
]
URLS = [
    "https://www.oakfield.sch.uk/send",
    "http://bit.ly/3xYzQ",
    "www.facebook.com/groups/mumsofjack",
    "oakfieldprimary.co.uk",
    "example.org/page",
    "https://forms.gle/abc123XY",
    "www.justgiving.com/jacks-fund",
    "instagram.com/amelia_rose_journey",
    "https://www.tiktok.com/@jackslife",
    "https://example.gov.uk/send?id=42",
    "www.brookside-academy.org.uk",
    "https://youtu.be/dQw4w9WgXcQ",
    "mumsnet.com/talk/send",
    "https://docs.google.com/document/d/1AbC/edit",
]
POSTCODE_AREAS = [
    "LS",
    "M",
    "B",
    "SW",
    "EC",
    "CR",
    "NE",
    "BS",
    "DN",
    "W",
    "N",
    "PL",
    "TR",
    "CB",
    "OX",
    "HU",
    "SK",
    "WF",
    "YO",
    "LE",
    "NG",
    "BN",
    "TQ",
    "RM",
    "E",
]
PC_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def _phone(rng: random.Random) -> str:
    last3, last4 = f"{rng.randrange(1000):03d}", f"{rng.randrange(1000):04d}"
    forms = [
        f"07700 900{last3}",
        f"07700900{last3}",
        f"07700-900-{last3}",
        f"07700 900 {last3}",
        f"+44 7700 900{last3}",
        f"+447700900{last3}",
        f"+44 (0)7700 900{last3}",
        f"0044 7700 900{last3}",
        f"01632 960{last3}",
        f"01632 960 {last3}",
        f"020 7946 {last4}",
        f"(020) 7946 {last4}",
        f"0113 496 {last4}",
        f"(0113) 496 {last4}",
        f"0117-496-{last4}",
        f"0161 496 {last4}",
        f"+44 20 7946 {last4}",
        f"0191 498 {last4}",
        f"028 9649 6{last3}",
        f"01632960{last3}",
        f"07700 9001{last3[1:]}",
        f"0121 496 {last4}",
        f"+44(0)7700-900-{last3}",
        f"0 7700 900 {last3}",
        f"07700 90 0{last3[1:]}",
        f"020 7946{last4}",
    ]
    return rng.choice(forms)


def _postcode(rng: random.Random) -> str:
    area = rng.choice(POSTCODE_AREAS)
    district = str(rng.randrange(1, 30)) if len(area) == 2 else str(rng.randrange(1, 20))
    if area in {"SW", "EC", "W"} and rng.random() < 0.3:
        district = str(rng.randrange(1, 3)) + rng.choice("AHPV")
    inward = str(rng.randrange(10)) + rng.choice(PC_LETTERS) + rng.choice(PC_LETTERS)
    code = rng.choice([f"{area}{district} {inward}", f"{area}{district}{inward}", f"{area}{district} {inward}"])
    return code.lower() if rng.random() < 0.15 else code


def _nhs_digits(rng: random.Random, *, valid: bool) -> str:
    while True:
        body = [rng.randrange(4, 8)] + [rng.randrange(10) for _ in range(8)]
        total = sum(d * w for d, w in zip(body, range(10, 1, -1), strict=True))
        check = (11 - total % 11) % 11
        if check == 10:
            continue
        digit = check if valid else (check + rng.randrange(1, 10)) % 10
        return "".join(map(str, body)) + str(digit)


def _nhs(rng: random.Random, *, valid: bool = True) -> str:
    d = _nhs_digits(rng, valid=valid)
    forms = [f"{d[:3]} {d[3:6]} {d[6:]}", f"{d[:3]}-{d[3:6]}-{d[6:]}"] + ([d] if valid else [])
    return rng.choice(forms)


def _ni(rng: random.Random) -> str:
    first, second = rng.choice("ABCEGHJKLMPRSTWXYZ"), rng.choice("ABCEGHJKLMNPRSTWXYZ")
    if first + second in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}:
        first, second = "J", "G"
    digits = [f"{rng.randrange(100):02d}" for _ in range(3)]
    suffix = rng.choice("ABCD")
    return rng.choice(
        [
            f"{first}{second} {' '.join(digits)} {suffix}",
            f"{first}{second}{''.join(digits)}{suffix}",
            f"{first}{second} {''.join(digits)} {suffix}",
        ]
    )


Piece = tuple[str, list[tuple[int, int, str]]]


def _whole(kind: str, text: str) -> Piece:
    return text, [(0, len(text), kind)]


def _titled(rng: random.Random) -> Piece:
    title = rng.choice(TITLES)
    name = rng.choice(SURNAMES) if rng.random() < 0.8 else f"{rng.choice(ADULT_NAMES)} {rng.choice(SURNAMES)}"
    return f"{title} {name}", [(len(title) + 1, len(title) + 1 + len(name), "person")]


def _school(rng: random.Random) -> Piece:
    name = rng.choice(SCHOOL_NAMES)
    setting = rng.choice(SETTINGS) if rng.random() < 0.9 else rng.choice(LOWER_SETTINGS)
    full = f"{name} {setting}"
    if name in THE_SCHOOLS:
        return f"The {full}", [(4, 4 + len(full), "school")]
    return _whole("school", full)


def _early(rng: random.Random) -> Piece:
    return _whole("school", f"{rng.choice(EARLY_NAMES)} {rng.choice(EARLY_KINDS)}")


def _college(rng: random.Random) -> Piece:
    return _whole("school", f"{rng.choice(COLLEGE_NAMES)} {rng.choice(COLLEGE_KINDS)}")


def _special(rng: random.Random) -> Piece:
    """ "The Willows" on its own (the "The" is part of the name), or "The Willows School" (it is not)."""
    name = rng.choice(THE_SPECIAL)
    if rng.random() < 0.5:
        return _whole("school", f"The {name}")
    full = f"{name} {rng.choice(SPECIAL_KINDS)}"
    return f"The {full}", [(4, 4 + len(full), "school")]


def _care(rng: random.Random) -> Piece:
    return _whole("setting", f"{rng.choice(CARE_NAMES)} {rng.choice(CARE_KINDS)}")


def _base(rng: random.Random) -> Piece:
    return _whole("school", f"{rng.choice(CARE_NAMES)} {rng.choice(BASE_KINDS)}")


def _email(rng: random.Random) -> str:
    return f"{rng.choice(EMAIL_USERS)}@{rng.choice(EMAIL_DOMAINS)}"


FILLERS: dict[str, Callable[[random.Random], Piece]] = {
    "child": lambda r: _whole("person", r.choice(CHILD_NAMES)),
    "child2": lambda r: _whole("person", r.choice(CHILD_NAMES)),
    "full": lambda r: _whole("person", f"{r.choice(CHILD_NAMES)} {r.choice(SURNAMES)}"),
    "adult": lambda r: _whole("person", r.choice(ADULT_NAMES)),
    "staff": lambda r: _whole("person", f"{r.choice(ADULT_NAMES)} {r.choice(SURNAMES)}"),
    "titled": _titled,
    "titled2": _titled,
    "school": _school,
    "school2": _school,
    "email": lambda r: _whole("email", _email(r)),
    "phone": lambda r: _whole("phone", _phone(r)),
    "postcode": lambda r: _whole("postcode", _postcode(r)),
    "nhs": lambda r: _whole("nhs_number", _nhs(r)),
    "nhs_typo": lambda r: _whole("nhs_number", _nhs(r, valid=False)),
    "ni": lambda r: _whole("ni_number", _ni(r)),
    "url": lambda r: _whole("url", r.choice(URLS)),
    "url2": lambda r: _whole("url", r.choice(URLS)),
    "early": _early,
    "college": _college,
    "special": _special,
    "care": _care,
    "base": _base,
    "bare": lambda r: _whole("person", r.choice(BARE_NAMES + CHILD_NAMES)),
    "bare2": lambda r: _whole("person", r.choice(BARE_NAMES)),
    # Pronouns in the newer templates, so a template reads naturally; they are never identifiers.
    "He": lambda r: ("He", []),
    "he": lambda r: ("he", []),
    "him": lambda r: ("him", []),
    "his": lambda r: ("his", []),
}

TEMPLATES = """My son {child} has been out of school since March and nobody at the LA will call me back.
my daughter {child} (7) was finally given an EHCP after 34 weeks.
Our SENCO {adult} has been brilliant, she actually listens to {child}.
{titled} at {school} told me they can't meet his needs.
We moved from {school} to {school2} in Year 4 and it was the best decision we made.
Please ring me on {phone} if you want to hear more about what happened with CAMHS.
You can email me at {email} - I'm happy to talk to the forum.
Our address is 12 Elm Road, {postcode}, if you need to send the forms by post.
His NHS number is {nhs} in case the paediatrician needs it.
NHS no. {nhs_typo} (from the red book) for the referral.
My NI number is {ni} for the DLA form.
The school's SEND page {url} hasn't been updated since 2019.
There's a petition at {url} if other parents want to sign.
{titled} from the sensory team was the first person who understood.
My grandson {full} is non-verbal and waited two years for SALT.
I rang the caseworker {staff} six times and never got a reply.
{child} cries every morning before {school} and the SENCO says he is fine in class.
When {child} started at {school}, the TA was taken away after a month.
The paediatrician, {titled}, said it was the longest wait she had seen.
Transport picks up {child} at 7am and he gets to {school} at 9.30.
Contact details: {email} / {phone}
Ring {phone} or email {email} - I work nights so texts are best.
Postcode {postcode}, we're right on the edge of the county and no school will take him.
{child}'s annual review at {school} was cancelled three times.
I am writing about my son, {full}, who has Down syndrome and attends {school}.
A girl called {child} in his class has been hitting him and the school says it is friendship issues.
His name is {child} and he loves trains but hates noise.
The deputy head, {titled}, refused to read the EP report.
My twins {child} and {child2} were both diagnosed with autism last year.
{titled} and {titled2} both said different things at the annual review.
Year 6 transition to {school} was a disaster for {child}.
We have been on the CAMHS waiting list for 2 years - NHS number {nhs} - and heard nothing.
Our caseworker {adult} left and nobody told us.
Can someone from the forum contact me? {phone}
{full} needs a specialist placement, not {school}.
Info about our support group is on {url}.
I found the Local Offer useless; {url} was more helpful.
My stepson {child} was excluded from {school} for the third time this term.
Her teacher, {titled}, has been amazing with the visual timetable.
{school} have been fantastic with {child}, I can't fault them.
We live at {postcode} and the nearest special school is 40 miles away.
Email: {email}
Phone: {phone}
Best to text (mob: {phone}) or email <{email}>.
tel:{phone}, text only please.
My details: {email}; {phone}; {postcode}.
(NHS: {nhs}) was on the letter but the clinic had a different one.
Her N.I. number {ni} is on the form.
More info here ({url}) and on the Local Offer.
See {url}, {url2} and the forum's page.
The OT {adult} gave us a sensory diet but school won't use it.
Thanks to {titled} the tribunal finally ordered the placement.
My nephew {child} lives with us and the social worker {staff} has been really supportive.
Our address is 4 Mill Lane, {postcode}.
please call {phone} after 3pm as {child} is home by then
NI {ni} - I need help with the PIP appeal.
The EHCP draft lists the wrong NHS number ({nhs}) and the wrong school ({school}).
Website: {url}
{child} is 14 and has been on a part-time timetable at {school} since Easter.
We had a meeting with {titled} (SENCO) and {titled2} (head) about the reduced timetable.
my son {child} aged 9 has ADHD and {school} keep sending him home.
My little boy {child} is in Reception at {school2}.
contact me {email} or {phone}, postcode {postcode}
The head of {school} told other parents about {child}'s diagnosis.
Mum of {child} ({school}) - please don't share my name.
I'm {adult}, mum to {child}, and I run the coffee morning at {school}.
""".strip().splitlines()

NEGATIVES = """Applied for an EHCP in Year 6 and waited 20 weeks for a decision.
CAMHS said he was not ill enough for their service.
My daughter has Down syndrome and the nursery has been wonderful.
The SENCO has been brilliant, she actually listens.
The Local Offer website is impossible to navigate on a phone.
The SEND Partnership Board never hears from parents like us.
Primary school was fine but secondary has been a nightmare.
the Academy said they could not meet his needs without funding.
We are going to Tribunal in March.
The annual review was on a Monday and nobody from the LA came.
Mum and Dad both had to give up work.
I get a call most lunchtimes to come and collect him.
Two years on the CAMHS waiting list and we've been told to wait more.
Third caseworker this year, each one starts from scratch.
Applied for an EHC assessment in January, it's now June and nobody can tell me where it's up to.
Our new SENCO has been brilliant, she actually listens.
SALT was cut from once a week to once a term.
The OT report was never added to section F of the plan.
He has been on a part-time timetable since September.
Home-to-school transport was withdrawn with two days' notice.
The EP assessment took nine months.
SENDIASS helped us with the mediation.
The Tribunal ordered the LA to name a specialist placement.
Short breaks are only available in the school holidays.
The disabled children's team closed our case without telling us.
Preparing for Adulthood starts in Year 9 but nobody mentioned it until Year 11.
Will the LA ever answer an email?
May half term was the worst week we have had.
Grace period for the appeal is two months from the decision letter.
The Special School place was offered in August, too late for transition.
Catholic schools near us will not take children with EHCPs.
Ofsted rated the school Good but they have no idea about autism.
Mainstream School was never going to work for him.
Secondary School transfer in Year 6 was rushed.
Sixth form is not accessible for wheelchair users.
The Virtual School head never replied.
Forest School sessions were the only thing he enjoyed.
The Pupil Referral Unit was the only option offered.
He was moved to a PRU after the exclusion.
Nursery staff noticed his speech delay at 2.
Reception was a really difficult year.
The Dr appointment was cancelled again.
Miss told him off for flapping his hands.
Sir shouted at him in front of the class.
The Local Authority School Transport Team said no.
High Needs funding was cut by 10% this year.
Year 11 exams with no access arrangements.
Education, Health and Care Plan finalised after 40 weeks.
The EHCP was issued on 12/03/2024 with no provision specified.
Reference number 2023/0456 on the LA letter.
We paid £1,200 for a private assessment.
42 families told us about transport this quarter.
I called 111 and then 999 when he had a seizure.
The plan says 5 hours of 1:1 support a week.
Christmas was cancelled because of his anxiety.
Easter holidays with no respite at all.
Eid at home is the only calm time.
Autism Awareness Week at school was a box-ticking exercise.
Disability Living Allowance forms took me three days.
NHS England guidance says 18 weeks for a first appointment.
Sunday School is the only place he feels included.
The SEN support plan has the same targets as last year.
Section I of the plan still names the wrong type of school.
The council's SEND team does not answer the phone.
The Parent Carer Forum meeting on Thursday was really useful.
ADHD assessment waiting list is three years in our area.
EBSA is not taken seriously by the attendance officer.
The head teacher said he is fine in school.
The Academy Trust changed the behaviour policy.
Junior school were better at listening than infants.
The SENCO, the head and the class teacher were all at the meeting.
Our caseworker left in November and nobody told us.
Speech and language therapy stopped when he turned 5.
My son is in Year 3 and still cannot read.
Personal budgets are impossible to use in our area.
Direct payments but no PAs available.
Mediation was a waste of time; the LA did not send anyone with authority.
The EHC needs assessment was refused twice.
Community paediatrics lost our referral.
GP said to go back to school nurse, school nurse said GP.
Physio was discharged after three sessions.
The equipment and adaptations team took a year to fit a ramp.
Respite was cut from two nights to one.
It took five years to get a diagnosis of PDA.
Starting big school in September is terrifying for him.
He goes to a special school 30 miles away.
Independent Special School fees are paid by the LA.
The Grammar School test has no reasonable adjustments.
Down's Syndrome Association gave us more help than the council.
The SEND Code of Practice says the school must involve parents.
Local Offer events are always in the daytime.
We are waiting for the Tribunal hearing date.
The mediation certificate arrived after the deadline.
Annual review paperwork came the night before the meeting.
Makaton signing is not used by any staff.
PECS book was left at home every day.
Lego therapy was stopped without telling us.
Zones of Regulation posters but no actual support.
The Autism Outreach Team visited once.
Transport escort changed every week.
Summer holidays are the hardest six weeks of the year.
Year 6 SATs were not adjusted at all.
KS2 results were not the point, he needed support.
The Early Years SEN team were excellent.
The Educational Psychologist recommended a smaller class.
I am at my wits' end with the LA.
Please publish the sufficiency strategy.
It has been 52 weeks since we asked for an assessment.
The consultant said he would write to school but never did.
Wednesday afternoons are now OT at the clinic.
Our support worker is great but has 60 families.
Nobody explained what SEN support means.
The child in need plan was closed in February.
I went to the Local Offer drop-in on Tuesday.
After Year 6 he had nowhere to go.
Dad took unpaid leave for the tribunal.
We moved from Leeds to Bradford and had to start the EHCP process again.
He loves Minecraft and Lego but school won't use them as rewards.
We applied to Kirklees for an assessment and they refused.
I asked for Makaton training for the staff.
We travelled to Birmingham for the appointment and it was cancelled.
Great Ormond Street diagnosed him in the end.
Alder Hey were the only ones who listened.
The Pupil Premium money never reached him.
The Child Development Centre has a two year wait.
The Head Teacher would not meet us.
NHS England says the waiting times are improving.
Child Protection were called when I asked for help, which was terrifying.
He gets Child Benefit and DLA but nothing else.
Barnardo's run the short breaks service here.
Asperger's was the old diagnosis, now it is autism.
The Lead Professional changed three times.
A pupil at the school was excluded for the same thing.
My son's teacher was kind but overwhelmed.
Our daughter's SENCO left at Christmas.
Mum to three, all with SEND.
I'm exhausted, I'm angry and I'm tired of fighting.
I am Autistic myself and nobody adjusts anything for me.
Met the new caseworker on Friday, she seemed nice.
The Council's SEND team lost the paperwork.
Spoke to Ofsted about the off-rolling.
In Year 5 he stopped eating at school.
""".strip().splitlines()


# Added for issue 7 (settings of every kind, names with no cue word); tuned on.
NEW_TEMPLATES = """{He} started at {early} when {he} was two and they noticed {his} speech delay.
{early} said they could only take {him} for 15 hours without extra funding.
The SENCO at {early} was the first person to mention autism.
{He} has a place at {college} but there is no transport.
The learning support team at {college} never read the EHCP.
{He} left {college} after one term because nobody supported {him}.
We visited {special} and it was the first place that felt right.
The LA refused to name {special} in section I.
{He} has been at {special} for three years and is finally happy.
{He} goes to {care} for respite every other weekend.
The staff at {care} were wonderful with {him}.
{care} has cancelled {his} overnight stays twice this month.
Respite at {care} was cut from two nights to one.
{He} lives at {care} during the week and comes home at weekends.
The {base} at {his} school is full.
{He} spends mornings in the {base} and afternoons in class.
{bare} has been out of school since March.
We were told {bare} would get speech therapy but nothing happened.
{bare} loves swimming but the pool has no hoist.
The school say {bare} is fine in class but {he} melts down every night.
It took two years for {bare} to be diagnosed.
{bare} and {bare2} both have autism and neither has an EHCP.
I just want {bare} to be happy at school.
When {bare} started in Year 7 everything fell apart.
Thank you for helping {bare} get a place.
{bare}'s annual review was cancelled again.""".splitlines()

NEW_NEGATIVES = """The Local Offer lists short breaks that no longer exist.
The Autism Outreach Team visited once in two years.
Children's Services closed the case without telling us.
The Early Help Hub sent us a leaflet.
We went to a stay and play session at the Family Hub.
The Inclusion Service and the Virtual School both said it wasn't them.
The Short Breaks Team have a six month waiting list.
The Disabled Children's Team changed our key worker again.
The Parent Carer Forum coffee morning was really helpful.
Transport has been late every day this week.
Reception was fine but Year 1 has been a struggle.
Nursery was the happiest time he's had.
Homework is a battle every night.
Lunchtime is the hardest part of the day for him.
Everything has to be a fight with the LA.
Nobody has read the EP report.
Speech therapy has stopped completely.
Respite was cut in half.
Tribunal was booked for March.
Panel said no again.
Sixth form was never discussed.
College has been a much better experience.
The House of Commons debated SEND funding.
Short breaks are only in the holidays.
A residential placement was mentioned but never offered.
The special school is 30 miles away.
The children's home is out of county.
Independent Special School fees are paid by the LA.
The Hospital School taught him while he was on the ward.
Day Nursery places for children with SEND are rare round here.""".splitlines()


# Written after the detector was tuned on the texts above and never tuned on since: messier, closer to what
# families type. Identifiers are marked [[text|kind]]; the markup is removed and the offsets recorded.
HELD_OUT = """hi my name is [[Shona|person]] and my lad [[Kieran|person]] has been waiting 3 yrs for an ADHD assessment
ring me anytime [[07700 900 461|phone]] thanks
my son [[jack|person]] is 11 and hes been out of school since sept
Mrs [[Bhatt|person]] (SENCO) has done more for us than the whole LA put together
email [[fiona.mcleod@example.co.uk|email]] if u need more info
Hes at [[Westbrook Academy|school]] now after being kicked out of [[Cotswold Edge Primary|school]]
we live in [[BD7 1AB|postcode]] and the transport keeps getting cancelled
NHS No: [[401 023 2137|nhs_number]]
his nhs number is [[4010232137|nhs_number]] if you need to look him up
[[Tolu|person]] hasn't had speech therapy since covid
the new head at [[Marsh Lane Primary|school]] is trying but the old SENCO undid everything
Our caseworker [[Priti|person]] was lovely but she left after 2 months
I complained to Ms [[Oduya|person]] at the council and got nowhere
can you call me back on [[(01632) 960 788|phone]] please
[[ST GEORGE'S ACADEMY|school]] refused to do the annual review
my daughters friend [[Aisling|person]] has the same problem at [[Holmfirth High|school]]
We were told by Dr. [[Raghunathan|person]] that there is an 18 month wait
Paperwork sent to [[LS6 2QT|postcode]], never arrived
see [[https://www.gov.uk/children-with-special-educational-needs|url]] its all there but LA ignores it
my NI no is [[JT 45 67 89 B|ni_number]]
I want to thank Mr [[Kowalczyk|person]] who drives the bus, he is so patient with [[Amir|person]]
[[Finn|person]] loves [[Hollins Park Nursery|school]] but we can only get 15 hours
my boy [[Tomasz|person]] started at [[Kirkstall Valley Primary School|school]] in reception
contact me on [[+44 7700 900 214|phone]] or [[anna_b@example.org|email]]
[[jamie.parker@nhs.net|email]] is the CAMHS worker who said they would call back
my grandaughter [[Zaynab|person]] has cerebral palsy and the OT has never been out
we found help on [[sendsupport.example.org|url]] not the local offer
he goes to [[Beech Hill School|school]] which is 25 miles away
our address is [[m14 5ga|postcode]]
The council sent the EHCP to the wrong school - [[Fernside Primary|school]] instead of [[Fernhill Primary|school]]
the TA [[Jo|person]] is brilliant with him
I'm [[Marta|person]], mum to [[Igor|person]] (8, autism, ADHD)
My partner [[Dean|person]] had to give up his job
Can someone ring me? [[0113 4960 982|phone]]
Mr and Mrs [[Ahmed|person]] both came to the meeting
Sorry for the long message. [[Bex|person]]
Absolutely fed up. EHCP finalised in July, no school named, Tribunal booked for Feb
SENCO says he is 'fine' in school but he melts down every night at home
We did the Local Offer survey last year and nothing changed
Year 9 annual review didn't even mention Preparing for Adulthood
CAMHS discharged her after one appointment because she 'masked'
Transport is a taxi with a different driver every week, he screams the whole way
Went to the SENDIASS drop in at the Library on Thursday, really helpful
The Virtual School and the Attendance Team both blame us
Down Syndrome Awareness Week was lovely at his primary
He is on a reduced timetable, 9:30 til 12, since October half term
Our Paediatrician retired and nobody replaced her
The Autism Assessment Pathway is closed to new referrals
Got a letter from the Inclusion Team threatening a fine for attendance
He has an EHCP, an IEP, a PEP and a CIN plan and still no support
Big thanks to the Forum for the coffee mornings
""".strip().splitlines()

# Written for issue 7 before the detector was changed for it, and never tuned on: settings of other kinds
# and first names with no cue word, in the same [[text|kind]] markup.
HELD_OUT_2 = """She started at [[Little Acorns Day Nursery|school]] in September and they spotted her speech delay
[[Tiny Steps Pre-School|school]] was the first to notice
[[Tiny Steps Pre-School|school]] said they couldn't take him without 1:1 funding
my son goes to [[Kirkby Vale College|school]] now and the SEN support is so much better
He was at [[Northfield Sixth Form College|school]] for a term before it broke down
We finally got a place at [[The Beeches School|school]], a special school 12 miles away
She's been at [[The Willows|school]] since Year 3 and loves it
The placement at [[The Orchard Academy|school]] fell through because of transport
He goes to [[Oak Lodge|setting]] for respite one weekend a month
The staff at [[Cedar House|setting]] are the only people who get him
Short breaks used to be at [[Rainbow House|setting]] but it closed
[[Acorn Lodge|setting]] cancelled his overnight stay again
He's in the [[Phoenix Unit|setting]] at the hospital and no one from school has visited
my daughter is at [[Sunflower Short Breaks Centre|setting]] on Fridays
She lives at [[Maple House Children's Home|setting]] and the social worker changes every few months
The [[Larch Resource Base|school]] at his school has a waiting list
[[Tadhg|person]] has been out of school since February
[[Kwabena|person]] loves trains and hates loud noises
We were told [[Oluwaseun|person]] would get speech therapy but he's had none
I'm worried about [[Saoirse|person]], she stopped eating at lunch
[[Ifeoma|person]] started at the new school and cried every day
The TA said [[Bartek|person]] hit another child, which isn't true
[[Precious|person]] is 14 and still can't read
Both [[Marek|person]] and [[Zosia|person]] are autistic and neither has an EHCP
It's been hard for [[Eshaan|person]] since his dad left
[[Rhodri|person]] needs a quiet space but the school won't give him one
When [[Anwen|person]] was diagnosed we were given a leaflet and nothing else
[[Dara|person]] was excluded three times in Year 5
Thank you for helping [[Ngozi|person]] get her place at college
Our daughter [[Lowenna|person]] has cerebral palsy and the wheelchair took a year
The Local Offer lists a Short Breaks Centre that closed two years ago
The Autism Outreach Team came once and never came back
Children's Services said it wasn't their remit
The Early Help Hub referred us to the School Nursing Service
We went to the Family Hub for a stay and play session
The Tribunal ordered the Local Authority to name a Special School
Respite House is what everyone calls the council's short breaks unit
Our Disabled Children's Team key worker left in June
The Virtual School and the Inclusion Service both blame each other
Reception class was fine but Year 1 has been a struggle
The House of Commons debated SEND funding last week
Independent Special School fees are paid by the council
A Pupil Referral Unit was the only offer
Sixth form college was never discussed at his annual review""".strip().splitlines()


# Written after the changes for issue 7 and committed before the detector was run on it: the clean estimate.
HELD_OUT_3 = """[[Ashby Fields Nursery|school]] have been brilliant with her Makaton
We looked round [[Hollybrook Pre-School|school]] but they had no SEN experience
He's doing a supported internship through [[Wakefield College|school]]
the taxi to [[Castlegate Sixth Form College|school]] never turns up on time
She finally got a place at [[The Limes|school]] after a year of fighting
We asked for [[The Croft School|school]] and the panel said no
His overnight respite at [[Bramble Lodge|setting]] was cancelled with a day's notice
[[Heron House|setting]] is the only short breaks provision in the county
She moved into [[Linden Court|setting]] in the summer and the carers are kind
He spent three weeks in the [[Sandpiper Unit|setting]] on the children's ward
[[Ciarán|person]] has been on a part-time timetable since Easter
We were told [[Ayodele|person]] would be assessed in the autumn
When [[Mahnoor|person]] started Year 9 she stopped going in
[[Jaroslaw|person]] loves the bus but the escort keeps changing
Nobody listens to [[Kemi|person]] at school
Thank you to everyone who supported [[Efua|person]] at her review
[[Wren|person]] and [[Taliesin|person]] are both waiting for ADHD assessments
It took four years for [[Deividas|person]] to get a diagnosis
I just want [[Haniya|person]] to be included
[[Oisin|person]] cried every morning for a month
The Hearing Support Service visited once this year
Our Family Support Worker left and wasn't replaced
The Children's Disability Team meeting was cancelled
We went to the Carers Centre for advice
The Youth Offending Team got involved after the exclusion
Speech Therapy has a two year wait
Behaviour Support came in for one morning
The Dyslexia Centre assessment cost us £600
Independent Living Skills are not in his plan
The Community Paediatrics Department lost the referral
Sensory Processing Disorder isn't recognised by the LA
Inclusion Officer visits were stopped""".strip().splitlines()


def _parse_marked(line: str) -> dict[str, object]:
    """Turn "my son [[Jack|person]] is 8" into a record with the marks removed and their offsets kept."""
    text, spans = "", []
    for part in re.split(r"(\[\[[^\]]+\]\])", line):
        if part.startswith("[["):
            piece, kind = part[2:-2].rsplit("|", 1)
            spans.append([len(text), len(text) + len(piece), kind])
            part = piece
        text += part
    return {"text": text, "spans": spans}


def _fill(template: str, rng: random.Random) -> dict[str, object]:
    """Assemble one text from a template, recording each planted identifier's exact offsets."""
    text, spans, position = "", [], 0
    for part in re.split(r"(\{\w+\})", template):
        slot = part[1:-1] if part.startswith("{") else None
        piece, found = FILLERS[slot](rng) if slot else (part, [])
        spans += [[position + start, position + end, kind] for start, end, kind in found]
        text, position = text + piece, position + len(piece)
    return {"text": text, "spans": spans}


def _checked(records: list[dict[str, object]]) -> list[dict[str, object]]:
    records = list({record["text"]: record for record in records}.values())  # no duplicate texts
    for record in records:
        for start, end, _kind in record["spans"]:
            assert record["text"][start:end].strip() == record["text"][start:end]
    return records


def build(seed: int = 7, copies: int = 6) -> list[dict[str, object]]:
    """The tuning records: ``copies`` fillings of each template, then the negatives."""
    rng = random.Random(seed)
    records = [_fill(template, rng) for template in TEMPLATES for _ in range(copies)]
    records += [{"text": sentence, "spans": []} for sentence in NEGATIVES]
    records += [_fill(template, rng) for template in NEW_TEMPLATES for _ in range(copies)]
    records += [{"text": sentence, "spans": []} for sentence in NEW_NEGATIVES]
    return _checked(records)


def build_held_out() -> list[dict[str, object]]:
    """The hand-written held-out records, never tuned on."""
    return _checked([_parse_marked(line) for line in HELD_OUT + HELD_OUT_2])


def build_held_out_2() -> list[dict[str, object]]:
    """The second held-out part, written after the changes for issue 7."""
    return _checked([_parse_marked(line) for line in HELD_OUT_3])


def main() -> None:
    """Write the corpus as JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--held-out", type=Path, default=HELD_OUT_FILE)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    outputs = (
        (args.out, build(seed=args.seed)),
        (args.held_out, build_held_out()),
        (HELD_OUT_2_FILE, build_held_out_2()),
    )
    for path, records in outputs:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"wrote {len(records)} texts to {path}")


if __name__ == "__main__":
    main()

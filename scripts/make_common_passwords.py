"""Write forum_feedback/auth/data/common_passwords.txt: passwords people often choose, 12 characters or more.

The list is made here from the patterns that dominate published password breaches (a common word
or name, then digits, a year or "!", keyboard walks, repeated digits, doubled words, simple
letter-for-symbol swaps), plus words a Parent Carer Forum's staff might reach for. It is
written by this project, not copied from a breach. Passwords shorter than 12 characters are left
out because the length rule already refuses them. The check is case-insensitive, so the list is
lower-case. Run: python scripts/make_common_passwords.py
"""

from __future__ import annotations

from pathlib import Path

MIN_LENGTH = 12
OUT = Path(__file__).resolve().parent.parent / "forum_feedback" / "auth" / "data" / "common_passwords.txt"

WORDS = """
password passw0rd passwort motdepasse qwerty qwertyuiop asdfgh asdfghjkl zxcvbnm letmein iloveyou
welcome admin administrator login monkey dragon football baseball sunshine princess shadow master
superman batman spiderman trustno1 starwars whatever freedom michael jennifer charlie jordan
liverpool chelsea arsenal manchester everton tottenham newcastle leeds united rangers celtic
changeme secret computer internet summer winter spring autumn january february march april
june july august september october november december monday friday sunday hello abcdef abc
loveyou flower butterfly cheese chocolate cookie pokemon minecraft fortnite mustang harley ginger
buster daisy bailey poppy molly charlie tigger lucky sophie jessica ashley michelle thomas
daniel matthew andrew joshua william oliver george harry jack jacob emily olivia amelia isla
chloe jasmine hannah lauren samantha rebecca elizabeth victoria nicola sarah laura emma
england london britain scotland wales ireland yorkshire lancashire birmingham bristol
purple orange yellow silver golden diamond crystal rainbow angel angels blessed jesus
heaven family friends forever happy smile sweetheart sweetie honey baby babygirl babyboy
mummy daddy mother father grandma grandad nanny sister brother children kids
parent parents parentcarer parentcarers parentcarerforum carerforum carers carer forum
forumrep volunteer volunteers charity community council support northshire
send senco ehcp autism autistic adhd camhs sendiass localoffer respite shortbreaks
office work workplace company business manager secure security access private
default guest user test testing tester demo example sample temp temporary
football1 soccer cricket rugby tennis golf hockey boxing racing
killer hunter ranger tiger lion eagle falcon phoenix wolf bear
coffee pepper banana apple orange strawberry cherry peaches
music guitar piano rock metal dance disco party
iloveu iloveyou2 loveme lovely lover passion
qazwsx qazwsxedc zaq12wsx 1qaz2wsx 1q2w3e4r 1q2w3e4r5t q1w2e3r4 asdf1234 qwer1234 zxcv1234
"""

PHRASES = """
thisismypassword mypassword mynewpassword newpassword mysecretpassword supersecret
letmeinplease letmeinnow pleaseletmein openupplease changemenow changeme123 changethis
correcthorsebatterystaple iloveyoutoo iloveyouforever iloveyousomuch iloveyoumum iloveyoudad
welcometotheforum welcomehome welcometomyhome welcomeback helloworld hellothere
passwordpassword qwertyqwerty abcabcabcabc abcdabcdabcd aaaaaaaaaaaa zzzzzzzzzzzz
abcdefghijkl abcdefghijklm abcdefghijklmnop qwertyuiopasdfgh qwertyuiopasdfghjkl
qwertyuiopasdfghjklzxcvbnm asdfghjklzxcvbnm zxcvbnmasdfghjkl poiuytrewqasdfgh
1qaz2wsx3edc 1qaz2wsx3edc4rfv 1q2w3e4r5t6y 1q2w3e4r5t6y7u8i q1w2e3r4t5y6 q1w2e3r4t5y6u7i8
qazwsxedcrfv qazwsxedcrfvtgb zaq12wsxcde3 zaq1zaq1zaq1 zaq1xsw2cde3 !qaz@wsx#edc
1234qwerasdf 1234qwerasdfzxcv qwerasdfzxcv qwertyasdfgh qwertyasdfghzxcvbn
trustnoone123 nopassword123 idontknow123 dontknow1234 forgotpassword forgotmypassword
ihatepasswords passwordsucks whateverpassword administrator1 administrator123
youwillneverguess nobodyknows1 sunshinerainbow rainbowunicorn unicornrainbow
fuckyoufuckyou fuckoff12345 blink182blink182 manchesterunited liverpoolfc1892
chelseafc1905 arsenalfc1886 evertonfc1878 tottenhamhotspur newcastleunited
starwarsfan1 harrypotter1 harrypotter123 gameofthrones lordoftherings
myfamilyismylife familyfirst1 familyforever mychildren123 mykidsaremylife
parentcarerforum1 parentcarerforum123 northshirepcf123 northshireforum
"""

SUFFIXES = [
    "",
    "1",
    "2",
    "12",
    "123",
    "1234",
    "12345",
    "123456",
    "1234567",
    "12345678",
    "123456789",
    "1234567890",
    "!",
    "!!",
    "1!",
    "12!",
    "123!",
    "1234!",
    "!1",
    "@123",
    "#1",
    "01",
    "007",
    "69",
    "99",
    "00",
    "11",
    "22",
    "77",
    "88",
    "321",
    "4321",
    "54321",
    "654321",
    "111",
    "000",
    "2000",
    "2001",
    "2005",
    "2010",
    "2012",
    "2015",
    "2018",
    "2019",
    "2020",
    "2021",
    "2022",
    "2023",
    "2024",
    "2025",
    "2026",
    "2027",
    "1990",
    "1985",
    "1980",
    "1975",
]
LEET = str.maketrans({"a": "@", "o": "0", "e": "3", "i": "1", "s": "$"})
DIGIT_RUNS = ["1234567890", "0987654321", "0123456789", "9876543210"]


def digit_passwords() -> set[str]:
    found = {digit * length for digit in "0123456789" for length in range(MIN_LENGTH, 17)}
    for run in DIGIT_RUNS:
        for length in range(MIN_LENGTH, 21):
            found.add((run * 3)[:length])
    for chunk in ("12", "123", "1234", "123456", "112233", "121212", "101010", "696969", "007", "147258369"):
        for repeat in range(2, 9):
            found.add(chunk * repeat)
    for year in range(1950, 2031):
        found.add(f"{year}{year}{year}"[:MIN_LENGTH])
        found.add(f"01011{year}0101"[:MIN_LENGTH])
    return found


def word_passwords() -> set[str]:
    words = sorted(set(WORDS.split()))
    found: set[str] = set()
    for word in words:
        for variant in {word, word.translate(LEET)}:
            found.update(variant + suffix for suffix in SUFFIXES)
            found.update(suffix + variant for suffix in SUFFIXES[:12])
            found.add(variant * 2)
            found.add(variant * 3)
    for first in ("ilove", "iloveyou", "ihate", "my", "the", "mr", "mrs", "miss", "little", "big", "super"):
        found.update(first + word for word in words)
        found.update(first + word + "1" for word in words)
    return found


def phrase_passwords() -> set[str]:
    found: set[str] = set()
    for phrase in PHRASES.split():
        found.update(phrase + suffix for suffix in ["", "1", "12", "123", "1234", "!", "2024", "2025"])
    return found


def main() -> None:
    everything = {p.lower() for p in digit_passwords() | word_passwords() | phrase_passwords()}
    kept = sorted(p for p in everything if MIN_LENGTH <= len(p) <= 64)
    header = [
        "# Common passwords, 12 characters or more, one a line, lower-case (checked case-insensitively).",
        "# Made by scripts/make_common_passwords.py from breach patterns; not copied from any breach.",
    ]
    OUT.write_text("\n".join(header + kept) + "\n", encoding="utf-8")
    print(f"wrote {len(kept)} passwords to {OUT}")


if __name__ == "__main__":
    main()

"""Sentence fragments for the synthetic demo corpus (all written for this project, all fictional).

Templates use ``str.format`` slots that ``forum_feedback.demo.corpus`` fills for each item:

- the child: ``{ch}`` ("my son", "my eldest"), ``{kid}`` (son/daughter), ``{he}``, ``{him}``,
  ``{his}``, ``{age}``, ``{age_younger}``, ``{yr}`` (school year), ``{cond}`` (a condition);
- the parent, in rep notes: ``{parent}`` ("Mum"), ``{pkid}`` ("grandson"), ``{pch}`` ("her grandson"),
  ``{pp}`` (her/his/their), ``{po}`` (her/him/them);
- acronyms in the family's own spelling: ``{ehcp}``, ``{senco}``, ``{camhs}``, ``{ep}``, ``{la}``,
  ``{salt}``, ``{ot}``, ``{cw}`` (caseworker), ``{sendiass}``;
- numbers and times: ``{weeks}`` (past the 20-week limit), ``{months}`` ("6 months"), ``{long}``
  ("two years"), ``{n}`` (2 to 6), ``{nth}`` (second...), ``{pct}``, ``{hours}``, ``{month}`` (a
  recent month name), ``{day}``, ``{feel}``, ``{nkids}``, ``{venue}``.

A slot written with a capital (``{Ch}``, ``{He}``, ``{La}``, ``{Months}``) is the same value with a
capital first letter. A template may start with marks saying who it fits, all of which must hold:
``b:`` a boy, ``g:`` a girl, ``e:`` under 5, ``p:`` under 11, ``k:`` 5 or over, ``m:`` 8 or over,
``s:`` 11 or over, ``q:`` under 17 (still at school), ``a:`` 16 or over (so ``k:p:`` is primary school
age).
"""

from __future__ import annotations

from typing import NamedTuple


class Topic(NamedTuple):
    """Everything the generator can say about one service area."""

    neg: tuple[str, ...]  # complaints, one or two sentences each
    pos: tuple[str, ...]  # praise
    short: tuple[str, ...]  # one-liners typed on a phone
    notes: tuple[str, ...]  # third-person clauses for rep notes: "Mum said <note>"
    help: tuple[str, ...]  # answers to "what would help?"
    team: str  # how a rep names the team in a thank-you note


TOPICS: dict[str, Topic] = {
    "ehc-assessment": Topic(
        neg=(
            "We applied for an EHC needs assessment in {month} and it's now week {weeks}. Nobody can tell me "
            "where it's up to.",
            "The legal limit is 20 weeks. We're at {weeks} weeks and I've had one email in all that time.",
            "{La} refused to assess {ch} the first time, even though school supported the request. We had to "
            "appeal just to get an assessment.",
            "I requested the assessment myself because school kept saying {he} wasn't 'bad enough'. It took "
            "{months} to even get a decision.",
            "The {ep} was meant to see {ch} in {month}. The appointment was cancelled twice and now we're told "
            "there's a backlog for {ep} advice.",
            "Every time I ring about the assessment I'm told the {cw} is on leave or the case has been passed "
            "to someone else.",
            "We were told the draft plan would be with us before the summer. It's now {month} and nothing has come.",
            "The assessment felt like a tick box. Nobody actually met {ch}, they just read old reports.",
            "I sent in a parental request in {month}, heard nothing for six weeks, then got a letter saying "
            "they had 'mislaid' the paperwork.",
            "k:{Ch} is now in {yr} and we've been trying to get an {ehcp} since {he} was in nursery.",
            "Health advice for the assessment still hasn't come in, so the whole thing is on hold. Apparently "
            "it's the paediatrician's waiting list.",
            "They said they'd decide whether to assess within six weeks. It was more like {months}.",
            "We got the decision not to issue a plan on the last possible day, with no real explanation why.",
            "I've had to chase every single stage myself. If I didn't ring every week I think it would just "
            "sit on someone's desk.",
            "The assessment has taken {weeks} weeks so far and {ch} has had no extra help in school while we wait.",
            "School say they can't put anything in place until the {ehcp} comes through, so we're just stuck.",
            "I was told by {la} that they're getting so many requests they can't meet the deadlines. That's "
            "not {ch}'s fault.",
            "We're {weeks} weeks in. I complained about the delay and got a standard letter apologising for "
            "'any inconvenience'.",
            "Our request was turned down because {he} is 'making progress'. {He} is making progress because I "
            "sit with {him} every night for hours.",
            "Nobody explained what the assessment involves or what I'm supposed to send in. I learnt more "
            "from a Facebook group than from the council.",
            "The forms are so long and full of jargon. I'm dyslexic myself and it took me weeks to fill them in.",
            "We have been waiting since {month} for {ep} input. {Ch} is getting more anxious every week.",
            "The 20 week deadline means nothing. Every parent I know is past it.",
            "We were told the panel meets monthly, then it was cancelled, so that's another month lost.",
        ),
        pos=(
            "The assessment was done within the 20 weeks and the {cw} kept me updated all the way through. I "
            "know that's rare so wanted to say.",
            "Our {ep} spent proper time with {ch} and the report really captured who {he} is.",
            "School applied for the assessment for us and the {senco} helped with every form. It made such a "
            "difference.",
            "The {cw} phoned me to explain the decision before the letter came, which I really appreciated.",
            "The assessment was quicker than I expected and everyone was kind to {ch}.",
        ),
        short=(
            "Still no EHCP after {weeks} weeks",
            "week {weeks} and no decision",
            "EHC assessment late again",
            "applied in {month} still waiting",
            "20 weeks is a joke, we're way past it",
            "waiting for ed psych for the ehcp, nobody replies",
            "refused assessment again",
        ),
        notes=(
            "the EHC assessment is now at week {weeks} and nobody has been in touch",
            "{pch} was refused an assessment twice before the LA agreed",
            "they are still waiting for the {ep} report and the assessment has stalled",
            "school won't put support in place until the EHCP is issued",
        ),
        help=(
            "Stick to the 20 weeks",
            "Regular updates on where the assessment is up to",
            "A named person who tells me what is happening",
            "Help for {him} while we wait for the assessment",
            "More ed psychs",
        ),
        team="SEND assessment team",
    ),
    "ehcp-quality": Topic(
        neg=(
            "The final {ehcp} is so vague it's useless. It says things like 'access to support' and 'regular "
            "opportunities' with no hours and no detail.",
            "None of the {salt} or {ot} advice made it into section F. It just says 'school to provide'.",
            "The plan looks copied and pasted from another child's. It even had the wrong name in one section.",
            "The outcomes in the plan are things {he} could already do two years ago.",
            "We asked for the health and social care sections to be filled in and were told there was "
            "'nothing to add'.",
            "The draft plan came with 15 days to comment and no one to explain what the sections mean.",
            "Nothing in the plan is quantified, so school can say they're meeting it while {ch} gets nothing.",
            "The plan doesn't mention {his} sensory needs at all, even though every report talks about them.",
            "We've had the {ehcp} for {months} and it's never been followed. The one-to-one in it has never appeared.",
            "k:It describes a completely different child. {He}'s in {yr} now and the plan still talks about nursery.",
            "I had to rewrite half the plan myself with help from {sendiass} before it made any sense.",
            "The final plan named a school that had already said it couldn't meet {his} needs.",
            "Section B is good, but section F doesn't match it at all.",
            "The plan is full of 'should' and 'may' instead of 'will'. That means nothing has to happen.",
            "{His} plan says {he} needs {salt} weekly. {He} has had three sessions in a year.",
            "I sent {n} pages of comments on the draft. The final plan came back with one word changed.",
        ),
        pos=(
            "The {cw} actually listened to my comments on the draft and changed the plan. It now really "
            "describes {ch}.",
            "For the first time {his} plan says exactly who will do what and how often. It's made a huge "
            "difference in school.",
            "The plan was written with {ch} in the room and {his} views are in {his} own words. {He} was so proud.",
        ),
        short=(
            "ehcp is vague and not being followed",
            "plan says nothing specific",
            "Section F useless, no hours",
            "wrong child's name in our EHCP",
        ),
        notes=(
            "the final plan is vague, with no hours or specific support in section F",
            "the {ehcp} still describes {pch} as {he} was {long} ago",
            "the support in the plan isn't being delivered and school says there's no money",
        ),
        help=(
            "Plans that say how many hours and who does what",
            "Check the plan before it's sent out",
            "Someone to go through the draft with me",
        ),
        team="SEND team",
    ),
    "annual-reviews": Topic(
        neg=(
            "{His} annual review was in {month} and we still haven't had the amended plan back.",
            "The annual review was booked with two days' notice and nobody from {la} came.",
            "We've not had an annual review for over {long}. School say it's the council's job to organise "
            "it, the council say it's school's.",
            "After the review the paperwork went to {la} and just disappeared. Nobody will confirm it was received.",
            "k:p:The review was supposed to plan the move to secondary but it was rushed through in half an hour.",
            "Reports for the annual review came the night before. I couldn't read them properly, let alone respond.",
            "We agreed loads of changes at the review. {Months} later the plan is exactly the same.",
            "I asked for {camhs} and {salt} to be invited to the review. Neither was, and nobody told me why.",
            "{Ch}'s review keeps getting moved. It's now been cancelled {n} times.",
            "The review meeting felt like it was about the school's budget, not about {ch}.",
            "We had the review in {month}, got the decision letter after the legal deadline, and the "
            "amendment still isn't done.",
            "Nobody asked {ch} what {he} thought. It's supposed to be person-centred.",
            "s:The phase transfer review was late so we didn't know which secondary {he} was going to until the "
            "summer holidays.",
            "I've been told amended plans are taking {months} because of a backlog, so the plan is always out of date.",
            "The annual review paperwork asks the same questions every year and I have to relive everything.",
            "The {senco} did the review on their own, in a corridor basically. Ten minutes.",
            "The review recommended more {ot} but nothing has changed since.",
            "We were told to 'keep an eye on it' and look again at the next annual review. That's another year "
            "of {his} life.",
            "The review was held in the school hall with people walking through. I was in tears and had no privacy.",
        ),
        pos=(
            "Really good annual review this year. Everyone had read the reports, {ch} took part and we left "
            "with clear actions.",
            "The {senco} sent the reports two weeks before the review and rang me to talk them through. It "
            "felt like a proper partnership.",
            "The amended plan came back within four weeks of the review. Credit where it's due.",
            "The review was held at a time I could make and they arranged an interpreter for me. Thank you.",
        ),
        short=(
            "annual review {months} ago, still no amended plan",
            "no annual review this year at all",
            "review cancelled again",
            "Amended EHCP still not back",
        ),
        notes=(
            "the annual review was in {month} and the amended plan has never come back",
            "no annual review has happened for over a year",
            "reports for the review arrived the night before",
        ),
        help=(
            "Reports at least two weeks before the review",
            "Amended plans sent back on time",
            "Someone from the council at the review",
        ),
        team="SEND reviews team",
    ),
    "la-send-team": Topic(
        neg=(
            "This is our {nth} {cw} this year. Each one starts from scratch and asks for the same documents.",
            "Emails to the SEND team go unanswered for weeks. The phone rings out or you're told someone will "
            "call back. They never do.",
            "I don't even know who {ch}'s {cw} is. Nobody has told me.",
            "The SEND inbox sends an automatic reply saying they aim to respond within 10 working days. It's "
            "been {weeks} days.",
            "When I finally got through, the person was short with me and said they had over a hundred cases.",
            "I feel like the council see parents as the enemy. Every conversation is defensive.",
            "Decisions are made at panel and we never get told who was there or why they decided what they did.",
            "Letters arrive with the wrong date of birth or the wrong school on them.",
            "I've made a formal complaint just to get someone to reply to an email.",
            "The {cw} left and nobody told us. I found out when my email bounced.",
            "We're told 'it's with the team leader' every time I ring.",
            "The council's communication is the worst part of all this. I can cope with bad news, I can't "
            "cope with no news.",
            "Everything comes as a PDF attachment I can't open on my phone.",
            "I asked for a call with an interpreter and was told they don't do that.",
            "They said they'd ring me back on {day}. That was {months} ago.",
            "I keep a spreadsheet of every call and email because otherwise there's no record of anything.",
            "My MP got a reply within a week. I've been waiting {months}.",
            "The {cw} told me herself she has far too many cases. It's not her fault but it's {ch} who loses out.",
            "I was told off on the phone for 'chasing too much'. I only chase because nobody tells me anything.",
        ),
        pos=(
            "Our new {cw} is brilliant. She rings back when she says she will and explains things properly.",
            "The SEND team manager called me personally after my complaint and sorted it in a week.",
            "Since the team started a duty line I've actually been able to speak to a person on the same day.",
        ),
        short=(
            "{nth} caseworker this year",
            "nobody at the council replies to emails",
            "SEND team don't call back",
            "no idea who our case worker is",
            "rang the sen team {n} times this week",
            "council never answer the phone",
        ),
        notes=(
            "they are on their {nth} caseworker this year and nobody has read the file",
            "emails to the SEND team have gone unanswered for weeks",
            "they don't know who their caseworker is",
        ),
        help=(
            "A named caseworker who stays",
            "Someone to actually call me back",
            "Reply to emails within a week",
            "One person who knows our case",
            "Tell us when the caseworker changes",
        ),
        team="SEND team",
    ),
    "school-places": Topic(
        neg=(
            "{Ch} has been without a school place since {month}. We're told there's no specialist place available.",
            "Every specialist school we asked for said they're full. {He}'s now on a waiting list for a school "
            "{miles} miles away.",
            "k:We were offered a mainstream secondary that told us to our faces they couldn't meet {his} needs.",
            "Consultation letters went out in {month} and some schools didn't reply for {months}.",
            "The only specialist provision nearby is for children with more complex needs, so {he} falls "
            "through the gaps.",
            "s:We didn't find out which secondary {ch} was going to until the last week of term. {He} had no "
            "transition visits at all.",
            "We were told the resource base was 'full for the foreseeable future'.",
            "The LA named an independent school in the end, but only after {long} of {ch} being at home.",
            "The 15 February deadline for naming a school came and went with nothing.",
            "The council keep calling the mainstream school our 'parental preference' when we never asked for it.",
            "There just aren't enough specialist places. Everyone at our school gate is in the same boat.",
            "{Ch} is on a reduced timetable at a school that can't meet {his} needs while we wait for a place.",
        ),
        pos=(
            "{Ch} started at {his} new specialist school in {month} and {he}'s a different child. {He} runs in "
            "every morning.",
            "The council found a resource base place quickly once they understood what {he} needed. I'm very grateful.",
            "s:The move to secondary was planned brilliantly, with extra visits and a photo book of {his} new "
            "teachers.",
        ),
        short=(
            "still no school place",
            "no specialist places anywhere",
            "out of school since {month}",
            "secondary not named yet and it's {month}",
        ),
        notes=(
            "{pch} has had no school place since {month}",
            "every specialist school consulted has said it is full",
        ),
        help=(
            "More specialist places locally",
            "Name the school by the February deadline",
            "Education for {him} while {he} waits for a place",
        ),
        team="admissions team",
    ),
    "exclusions": Topic(
        neg=(
            "I get a call most lunchtimes to come and collect {him}. How am I supposed to work?",
            "{Ch} has been on a part-time timetable for {months}. It was meant to be for two weeks.",
            "{He}'s been excluded {n} times this term, every time for things that come from {his} needs not being met.",
            "The school call them 'cooling off' days rather than exclusions, so nothing is ever written down.",
            "{He} is only allowed in {hours}. That's not an education.",
            "I've been told it's either a part-time timetable or a permanent exclusion. That's not a choice.",
            "k:{Ch} was put in isolation for most of last week. {He}'s {age}.",
            "They've suggested a 'managed move' to another school. I feel like {he}'s just being passed around.",
            "The school say they 'can't keep {him} safe' but won't put the support from {his} {ehcp} in place.",
            "After the last exclusion {he} didn't want to go back at all. Now it's turned into an attendance problem.",
            "I lost my job because I was called in so often.",
            "{He} gets sent home for meltdowns that happen because there's nobody with {him} at lunchtime.",
            "Nobody at the council seems to know or care that {he} is only in school a few hours a week.",
            "We were never told we could challenge the exclusion. I found out from {sendiass} later.",
            "The reintegration meeting was just a list of rules for {him}. Nothing about what school would change.",
            "k:{He} was permanently excluded in {yr}. Now {he} sits at home with a tutor {hours}.",
            "School keep phoning to say {he}'s 'had a bad morning' and could I come and get {him}.",
            "The behaviour policy is applied to {him} exactly like everyone else. That's not fair, it's "
            "discrimination.",
        ),
        pos=(
            "The head has stopped the part-time timetable and put a proper plan in place. {He}'s back full "
            "time and settled.",
            "School worked with us instead of excluding. The new lunchtime club has been brilliant for {him}.",
            "The inclusion team at {his} school are fantastic. Not one call home this half term.",
        ),
        short=(
            "part time timetable for {months} now",
            "sent home again today",
            "excluded again",
            "called to collect {him} at lunch nearly every day",
            "only in school {hours}",
        ),
        notes=(
            "{pch} has been on a part-time timetable since {month}",
            "school phone most days asking {po} to come and collect {pch}",
            "{pch} has had {n} suspensions this year",
        ),
        help=(
            "Stop sending children home without it being recorded",
            "Support at lunchtimes so {he} can stay in school",
            "A proper plan to get back to full time",
        ),
        team="inclusion team",
    ),
    "sen-support": Topic(
        neg=(
            "The {senco} is only in school one day a week and is also a class teacher. It's impossible to get "
            "hold of her.",
            "School keep saying {he}'s 'fine in class'. {He} comes home and falls apart every day.",
            "{He}'s on SEN support but I've never seen a plan or been invited to a review.",
            "The TA who worked with {him} has been moved to another class because of budget cuts.",
            "I asked what's on {his} support plan and was told 'the usual strategies'.",
            "k:{Ch} is in {yr} and still can't read. School just say {he}'s 'making progress in small steps'.",
            "The interventions listed in the plan aren't happening. I found out from {ch}.",
            "Teachers don't seem to have read {his} one-page profile. Supply teachers definitely haven't.",
            "The {senco} told me they can't do anything without an {ehcp}. I thought that was the point of SEN "
            "support?",
            "We waited {months} for a meeting about {his} support plan, then it was cancelled.",
            "{He} masks all day at school so they don't see {his} needs. Then we get the fallout at home.",
            "Homework is a battle every night. School won't adapt it even though we've asked {n} times.",
            "School have put {him} in the nurture group but it's really just somewhere to sit quietly.",
            "Every September we start again with a new teacher who doesn't know {him}.",
            "{He}'s been told off about {his} blazer when it's a sensory issue. Nobody listened when I explained.",
            "We were told the school 'doesn't do' ear defenders or movement breaks.",
            "Adjustments get agreed in meetings and then forgotten by the next week.",
            "The school says it's dyslexia friendly but {he} still gets the same worksheets as everyone else.",
            "The {senco} has changed {n} times since {ch} started. Nobody holds the whole picture.",
        ),
        pos=(
            "Our new {senco} has been brilliant, she actually listens.",
            "{His} class teacher this year gets {him}. Movement breaks, a quiet corner, and {he}'s finally happy.",
            "School set up a meet and greet every morning with {his} key adult. It's transformed our mornings.",
            "The {senco} rang me just to tell me something good {ch} had done. First time ever.",
            "The support plan review was honest about what wasn't working and they changed things straight away.",
            "The TA who works with {ch} is amazing. {He} trusts her completely.",
        ),
        short=(
            "senco never replies",
            "school say {he}'s fine, {he}'s not",
            "no support in school without an EHCP",
            "TA taken away",
            "sen support plan never reviewed",
        ),
        notes=(
            "school say {pch} is fine in class but {he} falls apart at home",
            "the SENCO is part-time and hard to reach",
            "{pch}'s support plan hasn't been reviewed this year",
        ),
        help=(
            "A {senco} with time to talk to parents",
            "Training for all teachers on autism",
            "Regular meetings about what's working",
            "Teachers reading the support plan",
        ),
        team="school",
    ),
    "attendance-ebsa": Topic(
        neg=(
            "{Ch} hasn't been in school since {month}. {He} is too anxious to get out of the car.",
            "We've been threatened with a fine over {his} attendance when it's {his} anxiety that stops {him} going.",
            "School call it a behaviour choice. It isn't. {He} is terrified.",
            "We get an attendance letter every week. It just makes the anxiety worse for both of us.",
            "{Ch}'s attendance is down to {pct}% and the only help offered is a meeting with the attendance officer.",
            "k:{He} used to love school. Since {yr} {he}'s been physically sick every morning.",
            "The school nurse said it's EBSA but school still treat it as truancy.",
            "We were told to 'just bring {him} in' and they'd deal with it. That broke {his} trust completely.",
            "There's no alternative provision for anxious children who can't manage school, only for behaviour.",
            "I've had to give up work to be at home with {him}. {He}'s been out of education for {months}.",
            "Online school isn't offered because {he}'s 'not medically unwell'.",
            "The education welfare letter said I could be prosecuted. I'm the one trying to get {him} help.",
            "{Ch} manages one or two hours a week in a room on {his} own. That's all.",
            "{He} went from nearly full attendance to not being able to go in about {months} ago and nobody "
            "seems to know what to do.",
            "Our GP wrote a letter but school said it wasn't enough to authorise the absences.",
            "The return plan was so fast. Full days within two weeks. {He} lasted three days.",
            "Every morning is a battle and I'm the one being judged for it at the school gate.",
        ),
        pos=(
            "School have been so understanding about {his} anxiety. A gradual return, a safe space and no "
            "pressure. {He}'s now in most mornings.",
            "The EBSA team came out to see us at home. The first people who really got it.",
            "{His} key worker messages {him} each evening about the next day. That little thing has helped so much.",
        ),
        short=(
            "out of school {months} with anxiety, no help",
            "threatened with a fine, it's EBSA",
            "can't get {him} through the door",
            "attendance letters again",
        ),
        notes=(
            "{pch} hasn't been in school since {month} because of anxiety",
            "they've been threatened with an attendance fine",
            "school treat {pch}'s anxiety as a behaviour choice",
        ),
        help=(
            "Understanding EBSA instead of threatening fines",
            "A slow, proper return plan",
            "Education at home while {he} can't go in",
        ),
        team="EBSA team",
    ),
    "autism-adhd-assessment": Topic(
        neg=(
            "We were referred for an autism assessment {long} ago. The latest letter says the wait is now over "
            "{n} years.",
            "The ADHD waiting list for {his} age is longer than it was last year. Nobody can tell us why.",
            "We've been told to wait for the diagnosis before school will do anything. That could be years.",
            "The GP referral was rejected because a form wasn't filled in properly. We went back to the "
            "bottom of the list.",
            "We paid privately in the end for an ADHD assessment. Now the GP won't accept it for shared care.",
            "The neurodevelopmental pathway sent a questionnaire, then nothing for {months}.",
            "Parenting course first, they said. I've done {n} parenting courses. {He} is still autistic.",
            "I ring every few months to check {he}'s still on the list. The answer is always 'yes, be patient'.",
            "s:By the time {he} gets to the top of the list {he}'ll be an adult and go to the bottom of the adult "
            "list.",
            "g:Girls get missed. She masks all day at school and we're told there's 'no evidence'.",
            "{Ch} was taken off the waiting list because we missed a letter that went to an old address.",
            "Even after the diagnosis the wait for an ADHD medication review is {months}.",
            "The paediatrician said {he} was 'clearly autistic' but can't diagnose without the full "
            "assessment, which is {long} away.",
            "The school won't refer, the GP says it has to be school. We're going round in circles.",
            "Another parent told us about right to choose. Nobody in the NHS mentioned it.",
            "Nobody checks in while we wait. No support, no advice, nothing. Just a list.",
            "We were told the assessment would be in {month}. Then a letter came saying the clinic had closed "
            "its list.",
        ),
        pos=(
            "We finally got {his} autism diagnosis after {long}. The team were kind and the report was really "
            "thorough.",
            "The ADHD nurse has been fantastic since diagnosis. Always rings back.",
            "The pre-diagnosis workshop was actually really useful and I met other parents there.",
        ),
        short=(
            "{long} on the autism waiting list",
            "ADHD assessment wait is ridiculous",
            "still waiting for asd assessment",
            "no diagnosis no help",
        ),
        notes=(
            "{pch} has been on the autism assessment waiting list for {long}",
            "school won't help without a diagnosis",
            "they paid privately for an ADHD assessment and the GP won't accept it",
        ),
        help=(
            "Support while we wait for a diagnosis",
            "Tell us honestly how long the wait is",
            "Help based on need, not diagnosis",
        ),
        team="neurodevelopmental team",
    ),
    "camhs": Topic(
        neg=(
            "Two years on the {camhs} waiting list and we've been told to wait more.",
            "{Camhs} said {he} doesn't meet their threshold. {He} hasn't left {his} room in weeks.",
            "We were referred to {camhs}, who passed us to an online wellbeing service, who said {he} was too "
            "complex and sent us back.",
            "{Camhs} won't see {him} because {he}'s autistic. The autism team say they don't do mental health.",
            "Our only contact with {camhs} in {months} was a letter saying {he}'s still on the list.",
            "We were told to go to A&E if things got worse. We did, and were sent home at 3am with a leaflet.",
            "{Ch} had {n} sessions and was discharged for 'not engaging'. {He} has selective mutism.",
            "The crisis line didn't answer. I tried {n} times.",
            "{He}'s barely eating or sleeping and we've been told it's 'not urgent enough'.",
            "The {camhs} appointment was at 2pm on a school day, an hour away by bus. We couldn't get there.",
            "Every new {camhs} worker wants {him} to tell {his} story from the start. {He} just shuts down now.",
            "a:{Ch} is {age} and will move to adult mental health services soon. Nobody has explained what "
            "happens then.",
            "The school counsellor is lovely but it's six sessions and then nothing.",
            "We were told the eating disorder service has a {months} wait.",
            "I'm managing {his} mental health on my own and I'm terrified of getting it wrong.",
            "{Camhs} said it's a parenting issue and sent us on a course. It felt like they were blaming me.",
            "We've been on the {camhs} list since {month} and {he}'s getting worse, not better.",
        ),
        pos=(
            "{Camhs} have been amazing since we finally got in. {His} therapist really gets {him}.",
            "The mental health support team in school saw {him} within a month. It really helped.",
            "The {camhs} crisis team came out the same evening. I can't thank them enough.",
        ),
        short=(
            "camhs wait {long}",
            "CAMHS rejected the referral again",
            "no mental health help for {him}",
            "camhs say it's not urgent",
        ),
        notes=(
            "{pch} has been on the {camhs} waiting list for {long}",
            "{camhs} rejected the referral saying {he} doesn't meet the threshold",
            "they were sent home from A&E with a leaflet",
        ),
        help=(
            "Someone to check in while we wait",
            "Mental health support that understands autism",
            "A crisis line that answers",
        ),
        team="CAMHS team",
    ),
    "speech-language": Topic(
        neg=(
            "{Ch} was discharged from {salt} after {n} sessions with a pack of activities for me to do at home.",
            "The {salt} in {his} {ehcp} isn't happening. School say it's health's job, health say it's school's.",
            "We've waited {months} for a {salt} assessment. {He}'s {age} and still has very few words.",
            "{Salt} is now a 'consultation model'. A therapist sees {him} once and writes targets for a TA.",
            "Nobody will fund {his} communication device. {He} has no reliable way to tell us what {he} needs.",
            "The therapist keeps changing. Every time there's a new one we lose months.",
            "{He} only gets {salt} in term time and goes backwards every holiday.",
            "The {salt} waiting list in our area is {months}. The private ones near us have closed their lists too.",
            "Speech therapy was cut from weekly to once a term with no explanation.",
            "Nobody at school has been trained to use {his} Makaton signs.",
        ),
        pos=(
            "{His} speech therapist is fantastic. {He} said a full sentence at tea last night and I cried.",
            "The {salt} team trained all the staff in {his} class in Makaton. It's made a huge difference.",
            "The drop-in {salt} session at the children's centre was so helpful.",
        ),
        short=(
            "no SALT for {months}",
            "speech therapy cut to once a term",
            "salt not being delivered",
        ),
        notes=(
            "the {salt} in the plan isn't being delivered",
            "{pch} was discharged from speech therapy after a few sessions",
        ),
        help=(
            "Speech therapy that actually happens",
            "Therapy through the holidays too",
        ),
        team="speech and language team",
    ),
    "ot-physio": Topic(
        neg=(
            "We've been waiting {months} for an {ot} assessment for {his} sensory needs.",
            "The {ot} service only deals with physical needs, not sensory. We were told to pay privately.",
            "{His} physio went from weekly to a sheet of exercises for us to do at home.",
            "The {ot} report recommended a sensory diet but school say they haven't got the staff.",
            "The {ot} told us {he} doesn't meet criteria because {he} can hold a pencil.",
            "{Ch} has cerebral palsy and hasn't seen a physio since {month}.",
            "The physio exercises are supposed to happen daily in school. They happen maybe once a week.",
            "Children's {ot} and adult {ot} are totally separate and {he}'s about to fall between them.",
            "The {ot} waiting list was so long that by the time we were seen there were new problems.",
        ),
        pos=(
            "Our {ot} has been brilliant, she came into school and showed staff exactly what to do.",
            "The physio team are so kind and {ch} loves going.",
        ),
        short=(
            "OT wait {months}",
            "no physio since {month}",
            "sensory OT not available",
        ),
        notes=(
            "they've been waiting {months} for an OT assessment",
            "physio is now just a sheet of exercises to do at home",
        ),
        help=(
            "Sensory OT without having to pay privately",
            "Physio in school as agreed",
        ),
        team="OT team",
    ),
    "equipment": Topic(
        neg=(
            "We've been waiting {months} for a wheelchair that fits. {He}'s in pain in the old one.",
            "The adaptation to our bathroom was agreed {long} ago. We're still waiting for the work.",
            "I carry {him} up the stairs every night. {He}'s {age}. The stairlift assessment keeps getting put back.",
            "Nobody can agree who pays for {his} specialist seat at school.",
            "The disabled facilities grant process is so complicated I gave up.",
            "{His} specialist buggy broke and we were told there's a {months} wait for a repair.",
            "The hoist at school has been broken for {n} weeks. {He} can't use the toilet properly there.",
            "We bought the sensory equipment ourselves in the end because the waiting list was endless.",
        ),
        pos=(
            "Wheelchair services were fantastic, a quick fitting and a really good chair.",
            "The OT sorted {his} bath seat in two weeks. Life changing, honestly.",
        ),
        short=(
            "still waiting for a wheelchair",
            "adaptations not done after {long}",
        ),
        notes=(
            "{pch}'s wheelchair no longer fits and there's a long wait for a new one",
            "the home adaptation was agreed {long} ago and still isn't done",
        ),
        help=(
            "Equipment repaired quickly",
            "One place to ask about equipment",
        ),
        team="equipment service",
    ),
    "short-breaks": Topic(
        neg=(
            "We were assessed for short breaks and offered {n} hours a month. We can't find anyone to provide them.",
            "The holiday playscheme filled up in minutes. There were hardly any places for the whole area.",
            "The overnight respite unit closed and nothing has replaced it.",
            "I haven't had a break in {long}. I'm running on empty.",
            "The summer holiday activities aren't suitable for {ch}. {He} needs a 1:1 and there isn't one.",
            "Half the clubs listed in the short breaks statement don't exist any more.",
            "{He} used to go to a brilliant Saturday club but the funding was cut.",
            "We're told short breaks are for families 'in crisis'. We're nearly there.",
            "Our short breaks application was lost and we had to start again.",
            "{Ch}'s brother and sister never get any time with me. A short break would give them that.",
            "The summer holidays are six weeks with no support at all. I dread them.",
            "The holiday club booking opened at 9am on a weekday when I was at work. All gone by 9.20.",
        ),
        pos=(
            "The holiday club this summer was wonderful. Trained staff, {ch} made a friend and I got to rest.",
            "Our short breaks worker has been a lifeline. She found a youth club that actually works for {him}.",
            "The Saturday sports club for disabled kids is fantastic. {He} comes back beaming.",
        ),
        short=(
            "no respite, exhausted",
            "holiday club full in minutes",
            "short breaks hours but no carers",
        ),
        notes=(
            "they haven't had a break in {long}",
            "the holiday playscheme filled up before they could book",
        ),
        help=(
            "More holiday club places",
            "Respite before we reach crisis",
            "A short break once a month",
        ),
        team="short breaks team",
    ),
    "social-care": Topic(
        neg=(
            "We asked for a social care assessment {months} ago. Nobody has been out yet.",
            "The disabled children's team said {he} doesn't meet their criteria. The other team say {he} "
            "should go to the disabled children's team.",
            "When a social worker did come, it felt like they were assessing my parenting, not {ch}'s needs.",
            "Our social worker changed {n} times in a year.",
            "I asked for a carer's assessment for myself and was told there's a waiting list.",
            "We were passed to early help, who said it was too complex for them.",
            "The child in need plan lists things I'm already doing. There's no actual support in it.",
            "{He} is getting bigger and stronger and I don't know how long I can keep caring for {him} at home "
            "without help.",
            "Social care never contribute to the annual review even though they're supposed to.",
            "The assessment took {months} and concluded 'no further action'.",
        ),
        pos=(
            "Our social worker from the disabled children's team is amazing. She fights for us.",
            "The carer's assessment was done quickly and I now get a small budget for a break. It's helped.",
        ),
        short=(
            "social care assessment still not done",
            "disabled children's team said no",
        ),
        notes=(
            "they are still waiting for a social care assessment after {months}",
            "the disabled children's team said {pch} doesn't meet criteria",
        ),
        help=(
            "A social worker who understands disability",
            "A carer's assessment for me",
        ),
        team="disabled children's team",
    ),
    "transport": Topic(
        neg=(
            "Transport still not sorted and term starts on {day}.",
            "The taxi didn't turn up on the first day of term. {Ch} was so upset {he} couldn't go in at all.",
            "{He}'s had {n} different drivers since {month}. Every change sets {him} back.",
            "s:The transport policy changed and now {he}'s expected to use a bus pass. {He} can't travel on {his} own.",
            "We applied for transport before the deadline. Still no decision and term has started.",
            "The journey is over an hour each way because of all the pick-ups. {He} arrives at school exhausted.",
            "The passenger assistant left and nobody replaced her, so the taxi can't take {him}.",
            "I'm driving {him} {miles} miles a day myself and paying for the petrol because transport isn't sorted.",
            "We were offered a personal travel budget that doesn't cover half the cost of getting there.",
            "{Ch} gets dropped off at 7.45 and the school doesn't open until 8.30.",
            "The transport team don't answer the phone before 9, which is exactly when everything goes wrong.",
            "a:Post-16 transport has to be paid for. We've been asked for hundreds of pounds for {him} to get to "
            "college.",
            "The new minibus has no proper space for {his} wheelchair.",
            "I found out the day before term that the contract had gone to a different company.",
            "The transport appeal took {months} and in the meantime we had to drive.",
            "{He} was left sitting in the taxi for over an hour while the driver did other runs.",
            "Nobody told us the pick-up time had changed. We stood outside for 40 minutes.",
            "{Ch} had a meltdown in the taxi and the driver refused to take {him} the next day.",
            "The letter said we live under the distance, but the walk is along an unlit road with no pavement.",
            "s:Travel training was offered instead of transport. {He} has no sense of danger.",
            "Every September it's the same. New route, new driver, no information until the night before.",
        ),
        pos=(
            "{His} driver and escort have been the same for {n} years and they're like family now. Please "
            "don't change them.",
            "Transport was sorted before the end of term for once, and the driver visited over the summer. Brilliant.",
            "The transport team rang me when the taxi was running late. Such a small thing but it helped.",
        ),
        short=(
            "transport still not sorted",
            "taxi didn't turn up again",
            "no transport since {month}",
            "new driver again this week",
            "school transport chaos",
            "still no decision on transport",
        ),
        notes=(
            "transport still isn't sorted for the new term",
            "{pch} has had {n} different drivers since {month}",
            "a:they've been asked to pay for post-16 transport",
        ),
        help=(
            "Transport sorted before term starts",
            "The same driver every day",
            "Tell us about changes before they happen",
        ),
        team="transport team",
    ),
    "adulthood": Topic(
        neg=(
            "s:{Ch} is {age} and nobody has mentioned preparing for adulthood at any review.",
            "a:There's nothing for {him} after college. The options are a day centre or sitting at home.",
            "Moving to adult social care has been a cliff edge. The children's social worker closed the case "
            "and the adult team haven't picked it up.",
            "a:{He} turns 18 in {month} and we still don't know if adult services will support {him}.",
            "a:College say {he} 'isn't ready' for the next course, but there's no other course.",
            "Supported internships sound great but there are only {n} places in the whole county.",
            "Nobody told me the {ehcp} could carry on past 19 until another parent did.",
            "I've been told to apply for deputyship. I don't even know what that means.",
            "Moving from children's to adult health services means starting again with doctors who don't know {him}.",
            "{Ch} wants to live independently one day but nobody is helping {him} build those skills.",
            "The PfA outcomes in {his} plan are the same every year. 'To develop independence.' How?",
            "a:{He} left school and lost all {his} friends overnight. There are no clubs for young adults like {him}.",
            "a:We were told {his} {ehcp} would stop because {he} doesn't want to go to college. {He} wants a job "
            "with support.",
        ),
        pos=(
            "a:{His} supported internship has been amazing. {He} has a job coach and works in the hospital canteen.",
            "a:The transition worker from adult social care met us a full year before {he} turned 18. We felt "
            "prepared.",
            "The preparing for adulthood review in Year 9 was really positive. {He} said {he} wants to work with "
            "animals and everyone listened.",
            "a:The college foundation course has been brilliant for {his} confidence.",
        ),
        short=(
            "a:nothing for {him} after college",
            "adult services haven't picked us up",
            "no PfA planning at all",
        ),
        notes=(
            "{pch} is {age} and there's been no preparing for adulthood planning",
            "the move to adult social care has left a gap with no support",
        ),
        help=(
            "Start planning for adulthood early",
            "Proper options after college",
            "A transition worker",
        ),
        team="transitions team",
    ),
    "tribunal-complaints": Topic(
        neg=(
            "We won at tribunal after {months} of fighting. The LA conceded two weeks before the hearing. Why "
            "make us go through it?",
            "Mediation was a box-ticking exercise. The council officer had no authority to agree anything.",
            "I made a formal complaint {months} ago and I'm still waiting for a stage 1 response.",
            "The tribunal ordered the provision {months} ago and it still isn't in place.",
            "We had to pay for private reports to take to tribunal. Not every family can do that.",
            "The LA sent a barrister and I was on my own with notes from {sendiass}.",
            "I complained to the school and the governors just backed the head.",
            "The Ombudsman found fault and the council apologised. Nothing else changed.",
            "We're going to tribunal for the second time in three years. It's taken over our lives.",
            "Nobody explained the appeal deadline and we nearly missed it.",
        ),
        pos=(
            "{Sendiass} were fantastic through our appeal. I couldn't have done it without them.",
            "Mediation actually worked for us. The council officer listened and we agreed the placement on the day.",
        ),
        short=(
            "going to tribunal again",
            "complaint ignored for {months}",
            "won at tribunal, still not put in place",
        ),
        notes=(
            "they won at tribunal but the provision still isn't in place",
            "their formal complaint has had no response in {months}",
        ),
        help=(
            "Don't make families go to tribunal to get what the law says",
            "Answer complaints on time",
        ),
        team="SENDIASS",
    ),
    "personal-budgets": Topic(
        neg=(
            "We have a direct payment but can't find a PA anywhere in our area.",
            "The direct payment rate is so low that no agency will take it.",
            "The paperwork and auditing for the direct payment is like running a small business.",
            "We asked for a personal budget for {his} education support and were told 'we don't do that'.",
            "Our direct payment was stopped without warning while they did a review.",
            "I had to pay money back because I used the direct payment for a holiday club that wasn't on the "
            "approved list.",
            "Nobody could explain how the personal budget amount was worked out.",
        ),
        pos=(
            "Direct payments have given us real flexibility. {His} PA is a student who shares {his} love of trains.",
            "The direct payments support service helped me recruit and do the payroll. I couldn't have managed "
            "otherwise.",
        ),
        short=(
            "can't find a PA",
            "direct payment rate too low",
        ),
        notes=("they have a direct payment but can't recruit a PA",),
        help=(
            "A list of PAs in our area",
            "Simpler paperwork for direct payments",
        ),
        team="direct payments team",
    ),
    "local-offer": Topic(
        neg=(
            "The Local Offer website is impossible to navigate. I searched for autism and got a bus timetable.",
            "Half the services on the Local Offer don't exist any more or have different phone numbers.",
            "I only found out about the Local Offer from this forum. Nobody at school or health ever mentioned it.",
            "The Local Offer is hard to use on a phone and nothing is in any language but English.",
            "I looked on the Local Offer for holiday clubs and the page was last updated two years ago.",
            "It tells you what should exist, not what actually does.",
        ),
        pos=(
            "The new Local Offer page on preparing for adulthood is really clear. Found what I needed in minutes.",
            "The Local Offer newsletter is useful, I always learn something.",
        ),
        short=(
            "local offer out of date",
            "can't find anything on the local offer",
        ),
        notes=("the Local Offer website is out of date and hard to use",),
        help=(
            "A Local Offer that works on a phone",
            "Keep the website up to date",
        ),
        team="Local Offer team",
    ),
    "early-years": Topic(
        neg=(
            "e:{Ch} is {age} and the nursery says they can't take {him} without one-to-one funding.",
            "Nursery have cut {his} hours because they don't have the staff to support {him}.",
            "We were told to wait and see until school. Now {he}'s starting reception with no support in place.",
            "The portage service has a waiting list of {months}.",
            "The health visitor said {he}'d catch up. {He} didn't.",
            "The early years inclusion funding took a whole term to come through.",
            "e:No nursery near us would take a child who isn't toilet trained at {age}.",
            "The two-year check flagged concerns but nobody followed up for {months}.",
            "e:The developmental paediatrician wait is so long {he}'ll be at school before we're seen.",
        ),
        pos=(
            "Portage has been wonderful. Our worker taught me so much and {ch} loves her visits.",
            "{His} nursery key person is brilliant. She applied for the funding and set up a plan before I even asked.",
            "The early years SEND team supported the move to reception really well.",
        ),
        short=(
            "e:nursery cut {his} hours",
            "no support for starting reception",
        ),
        notes=(
            "e:nursery reduced {pch}'s hours because they can't support {him}",
            "they are waiting for portage",
        ),
        help=(
            "Support in nursery without waiting for a diagnosis",
            "Help with starting school",
        ),
        team="early years team",
    ),
    "health-services": Topic(
        neg=(
            "The community paediatrician appointment was cancelled for the {nth} time.",
            "We've had {n} different paediatricians in {long} and each one wants to start again.",
            "The GP didn't know what an {ehcp} was and wouldn't write a letter.",
            "Hospital appointments are always at times when I can't get {ch} there. There's no flexibility.",
            "The waiting room is loud and bright and {he} can't cope. We asked for a quiet room and were told no.",
            "{His} medication review is {months} overdue.",
            "Nobody joins up {his} care. I'm the only one who knows what every specialist has said.",
            "The continence service takes weeks to send supplies and we run out.",
            "{He}'s on the sleep clinic list and hasn't slept through the night in {long}.",
            "The dentist couldn't examine {him} and the referral to special care dentistry takes a year.",
            "The A&E staff had no idea how to support an autistic child. It was awful for everyone.",
            "The paediatrician said there's no point seeing us again. We're discharged with nowhere to go.",
        ),
        pos=(
            "The community nurse has been brilliant, she co-ordinates everything for us.",
            "Our GP is great. She always gives us the first appointment so {ch} doesn't have to wait.",
            "The hospital play specialist made {his} blood test so much easier. {He} even smiled.",
        ),
        short=(
            "paediatrician cancelled again",
            "medication review overdue",
            "sleep clinic wait {long}",
        ),
        notes=(
            "the community paediatrician has cancelled several times",
            "{pch}'s medication review is months overdue",
        ),
        help=(
            "Joined up care between doctors",
            "A quiet waiting room",
        ),
        team="community paediatrics team",
    ),
}

#: Which other services a story about one service tends to mention too.
RELATED: dict[str, tuple[str, ...]] = {
    "ehc-assessment": ("la-send-team", "sen-support", "exclusions", "tribunal-complaints", "attendance-ebsa"),
    "ehcp-quality": ("annual-reviews", "speech-language", "ot-physio", "la-send-team", "tribunal-complaints"),
    "annual-reviews": ("ehcp-quality", "la-send-team", "school-places", "adulthood", "speech-language"),
    "la-send-team": ("ehc-assessment", "annual-reviews", "transport", "school-places", "tribunal-complaints"),
    "school-places": ("ehc-assessment", "annual-reviews", "la-send-team", "transport", "exclusions"),
    "exclusions": ("sen-support", "ehc-assessment", "attendance-ebsa", "camhs", "school-places"),
    "sen-support": ("ehc-assessment", "exclusions", "autism-adhd-assessment", "attendance-ebsa", "speech-language"),
    "attendance-ebsa": ("camhs", "sen-support", "exclusions", "autism-adhd-assessment", "ehc-assessment"),
    "autism-adhd-assessment": ("camhs", "sen-support", "health-services", "early-years", "attendance-ebsa"),
    "camhs": ("autism-adhd-assessment", "attendance-ebsa", "health-services", "social-care", "exclusions"),
    "speech-language": ("ehcp-quality", "early-years", "ot-physio", "sen-support", "health-services"),
    "ot-physio": ("equipment", "speech-language", "ehcp-quality", "health-services", "sen-support"),
    "equipment": ("ot-physio", "social-care", "health-services", "personal-budgets"),
    "short-breaks": ("social-care", "personal-budgets", "local-offer", "camhs"),
    "social-care": ("short-breaks", "personal-budgets", "camhs", "adulthood", "equipment"),
    "transport": ("la-send-team", "school-places", "adulthood", "attendance-ebsa"),
    "adulthood": ("social-care", "annual-reviews", "transport", "health-services", "camhs"),
    "tribunal-complaints": ("ehc-assessment", "ehcp-quality", "school-places", "la-send-team"),
    "personal-budgets": ("short-breaks", "social-care", "equipment"),
    "local-offer": ("short-breaks", "la-send-team", "early-years"),
    "early-years": ("speech-language", "autism-adhd-assessment", "ehc-assessment", "health-services"),
    "health-services": ("autism-adhd-assessment", "camhs", "equipment", "speech-language"),
}

# --- the family's own framing ------------------------------------------------------------------------

OPENERS: tuple[str, ...] = (
    "I don't really know where to start.",
    "Sorry this is long.",
    "I've never done anything like this before but a friend told me about the forum.",
    "I just need someone to hear this.",
    "Where do I even begin.",
    "Hi,",
    "I want to share our experience in case it helps.",
    "This is the third time I've tried to write this.",
    "I saw your post on Facebook asking for experiences.",
    "Hello, I'm writing because I don't know who else to tell.",
    "I'll try to keep this short.",
    "Writing this at midnight because it's the only time I get.",
)

INTROS: tuple[str, ...] = (
    "{Ch} is {age} and has {cond}.",
    "{Ch} is in {yr} and has {cond}.",
    "I'm a single parent of {nkids}. My {kid} has {cond}.",
    "{Ch} is {age}. {He} has {cond} and is the funniest, kindest kid you'll meet.",
    "I'm writing about {ch}, who is {age} and has {cond}.",
    "We're foster carers. Our {kid} is {age} and has {cond}.",
    "b:I'm his nan and have been his main carer since he was a baby. He has {cond}.",
    "g:I'm her nan and have been her main carer since she was a baby. She has {cond}.",
    "{Ch} was diagnosed with {cond} when {he} was {age_younger}.",
    "Our {kid} is {age} and has {cond}, and we think more going on too.",
    "Background: {kid}, {yr}, {cond}.",
    "{Ch} ({age}) has {cond}.",
    "I have {nkids} and {ch} has {cond}.",
    "We moved to the area last year. {Ch} is {age} and has {cond}.",
    "I'm a dad and I do most of the appointments. {Ch} is in {yr} and has {cond}.",
)

CLOSERS: tuple[str, ...] = (
    "I'm {feel}.",
    "I just want {him} to be happy and learning.",
    "Nobody seems to be in charge of anything.",
    "Please can someone listen.",
    "I feel like I'm fighting everyone all the time.",
    "It shouldn't be this hard.",
    "Sorry for the rant.",
    "We're not asking for anything special, just what {he} is entitled to.",
    "I'm {feel} and I've got nothing left.",
    "Every step has been a battle.",
    "I know everyone is stretched but this is {his} childhood.",
    "Thank you for reading.",
    "I hope this helps other families.",
    "I've had to give up work to manage all of this.",
    "Something has to change.",
    "I'm not the only one, every parent I talk to says the same.",
    "Honestly I'm {feel}.",
)

POSITIVE_CLOSERS: tuple[str, ...] = (
    "Just wanted to share something good for once.",
    "Thank you to everyone who helped.",
    "More of this please!",
    "Every family deserves this.",
    "Please pass this on to them.",
    "It shows what's possible when people listen.",
)

CONNECTIVES: tuple[str, ...] = (
    "On top of that, ",
    "As if that wasn't enough, ",
    "Meanwhile ",
    "Also ",
    "To make things worse, ",
    "And ",
    "Separately, ",
    "At the same time ",
    "And then ",
    "",
    "",
    "",
)

STANDALONE_LINKS: tuple[str, ...] = (
    "It doesn't stop there.",
    "That's not all.",
    "And it's not just school.",
    "The other thing is the waiting.",
)

#: Joins praise that comes before a complaint.
BUT_LINKS: tuple[str, ...] = ("But ", "The problem is ", "Sadly ", "Unfortunately ", "That's the good bit. ")

#: Joins praise that comes after a complaint.
GOOD_LINKS: tuple[str, ...] = ("On a positive note, ", "The one good thing is that ", "To be fair, ", "")

FEELINGS: tuple[str, ...] = (
    "exhausted",
    "completely drained",
    "at breaking point",
    "so frustrated",
    "angry",
    "really low",
    "fobbed off",
    "let down",
    "at the end of my tether",
    "close to giving up",
    "worn out",
    "heartbroken",
    "fed up",
)

CONDITIONS_YOUNG: tuple[str, ...] = (
    "global developmental delay",
    "a speech and language delay",
    "Down syndrome",
    "suspected autism",
    "cerebral palsy",
    "a rare genetic condition",
    "hearing loss",
    "epilepsy",
    "autism",
)

CONDITIONS: tuple[str, ...] = (
    "autism",
    "autism",
    "ASD",
    "ADHD",
    "autism and ADHD",
    "ASD and ADHD",
    "PDA",
    "dyslexia",
    "dyspraxia",
    "epilepsy",
    "learning disabilities",
    "sensory processing difficulties",
    "severe anxiety",
    "a visual impairment",
    "Tourette's",
    "a rare chromosome disorder",
    "cerebral palsy",
    "Down syndrome",
    "a hearing impairment",
    "complex medical needs",
    "SEMH needs",
)

# --- young people writing for themselves ---------------------------------------------------------------

#: First-person stories by young people: (complaints, praise) per service.
YOUNG_PEOPLE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "adulthood": (
        (
            "a:I'm {age} and I want to get a job but everyone keeps telling me to do another college course.",
            "I'm {age}. Nobody asked me what I wanted at my review, they just talked to my mum.",
            "a:I'm {age} and autistic. I leave college in the summer and I have no idea what happens next.",
            "I want to live on my own one day but no one is teaching me how.",
        ),
        ("a:I'm {age} and my supported internship is the best thing that has happened to me.",),
    ),
    "camhs": (
        (
            "I'm {age} and I've been on the CAMHS waiting list since I was {age_younger}.",
            "I'm {age}. CAMHS discharged me because I didn't talk in the sessions. I didn't talk because I was "
            "anxious.",
            "I'm {age} and I feel like nobody takes my anxiety seriously until it's a crisis.",
        ),
        ("I'm {age}. The mental health worker at school is the first adult who has really listened to me.",),
    ),
    "attendance-ebsa": (
        (
            "I'm {age} and I haven't been to school since {month}. It's not that I don't want to. I just can't.",
            "school keeps sending letters about my attendance which makes me feel worse",
        ),
        ("I'm {age}. My school let me start with one lesson a day and now I'm in most mornings.",),
    ),
    "transport": (
        (
            "a:I'm {age}. The taxi to college is always late and I miss the start of lessons.",
            "a:I'm {age} and they want me to get two buses to college. I get lost and panic.",
            "I'm {age}. The taxi picks me up at 7 and I'm the last one dropped at school. I'm exhausted before "
            "lessons even start.",
        ),
        ("a:I'm {age}. Travel training was good and I can get the bus to college on my own now.",),
    ),
    "sen-support": (
        (
            "I'm in {yr}. Teachers don't read my support plan. I have to explain every time that I need extra time.",
            "I'm {age}. I get told off for fidgeting when it helps me concentrate.",
        ),
        ("I'm {age} and I have dyslexia. Having a reader in exams really helped, I wish I'd had it earlier.",),
    ),
    "autism-adhd-assessment": (
        (
            "I'm {age} and I've been waiting for an ADHD assessment for {long}. I just want to know why my "
            "brain works like this.",
        ),
        ("I'm {age} and I was diagnosed autistic last year. It made so much sense.",),
    ),
    "exclusions": (
        ("I'm {age}. I got excluded for walking out of class when it got too loud. No one asked why.",),
        (),
    ),
    "ehcp-quality": (
        ("I'm {age}. My EHCP says things about me that aren't true any more. I'd like to write my own bit.",),
        (),
    ),
    "short-breaks": (
        (),
        ("I'm {age} and I go to the youth club on Thursdays. It's the only place I don't feel different.",),
    ),
    "social-care": (
        ("I'm {age}. My social worker keeps changing and I'm fed up of telling my story.",),
        (),
    ),
    "school-places": (
        ("I'm {age} and I've been at home for {months} because there's no school that can take me.",),
        (),
    ),
    "health-services": (
        ("I'm {age} and I'm moving to adult doctors. I don't know any of them and they don't know me.",),
        (),
    ),
}

YOUNG_PERSON_HELP: tuple[str, ...] = (
    "Being asked what I want",
    "A job coach",
    "Someone to talk to who isn't rushed",
    "Teachers who read my plan",
    "Help to get the bus on my own",
    "Clubs for people my age",
)

# --- rep notes ----------------------------------------------------------------------------------------

#: (how a rep names the parent, their pronoun as possessive and as object, what the child is to them)
REP_PARENTS: tuple[tuple[str, str, str, str], ...] = (
    ("Mum", "her", "her", ""),
    ("Mum", "her", "her", ""),
    ("Mum", "her", "her", ""),
    ("Dad", "his", "him", ""),
    ("Dad", "his", "him", ""),
    ("A mum", "her", "her", ""),
    ("Grandmother", "her", "her", "grand"),
    ("Foster carer", "their", "them", "foster "),
    ("Step-dad", "his", "him", "step"),
    ("Mum (via interpreter)", "her", "her", ""),
)

VENUES: tuple[str, ...] = (
    "the coffee morning",
    "the north coffee morning",
    "the drop-in at the library",
    "the SEND information day",
    "the family fun day stall",
    "the autism support group",
    "the online coffee morning",
    "the special school's parents' evening",
    "the dads' group",
)

REP_FRAMES: tuple[str, ...] = (
    "Coffee morning. {parent} of {pkid} in {yr} ({cond}). Said {note}.",
    "{parent} at {venue} said {note}.",
    "Spoke to {parent_l} at {venue}: {note}.",
    "Phone call. {parent} ({pkid}, {age}, {cond}) said {note}.",
    "Note from {venue}. {parent} told us {note}.",
    "{parent} said {note}.",
)

REP_SECOND: tuple[str, ...] = ("Also said {note}.", "Added that {note}.", "Also mentioned {note}.")

REP_TAILS: tuple[str, ...] = (
    "Very upset, in tears at times.",
    "Clearly exhausted.",
    "Angry but very clear about what needs to change.",
    "Happy for us to share anonymously.",
    "Has been in touch with SENDIASS.",
    "Asked if the forum can raise this with the LA.",
    "Signposted to SENDIASS.",
    "Gave forum leaflet and SENDIASS number.",
    "Several other parents at the table said the same.",
    "Wants to come to the next parent panel.",
    "Didn't want to make a formal complaint in case it affects school.",
)

REP_POSITIVE: tuple[str, ...] = (
    "{parent} wanted us to pass on thanks to the {team}, who have been really helpful this term.",
    "{parent} at {venue} said the {team} have been brilliant and actually listen.",
    "Good news from {venue}: {parent} said the {team} sorted things quickly and kept in touch throughout.",
)

# --- what would help -------------------------------------------------------------------------------------

GENERIC_HELP: tuple[str, ...] = (
    "Someone to actually call me back",
    "A named caseworker who stays",
    "Just to be listened to",
    "Being believed",
    "Answers to emails",
    "Less paperwork",
    "Stick to the legal timescales",
    "Services that talk to each other",
    "Support for parents too",
    "Honesty about waiting times",
    "Training for staff",
    "A key worker",
    "Help in the holidays",
    "Someone who understands autism",
    "Things explained in plain English",
    "An interpreter",
    "Not having to fight for everything",
    "A phone number that gets answered",
    "Don't blame parents",
    "more staff",
    "dont know anymore",
    "Anything at all",
)

# --- 'something else' answers ------------------------------------------------------------------------------

#: Free text for "something else", and what the family says about it.
OTHER_SERVICES: tuple[tuple[str, str], ...] = (
    ("Dentist", "Also, finding a dentist who can see {him} is impossible."),
    ("Sleep support", "Nobody helps with {his} sleep and we're all exhausted."),
    ("DLA / benefits", "The DLA renewal form was 40 pages and took me a week."),
    ("Housing", "We're in a second-floor flat with no lift and the housing list hasn't moved."),
    ("Youth club", "There's nothing in our area for teenagers like {him} in the evenings."),
    ("Blue badge", "Our blue badge application was refused because {his} disability is 'hidden'."),
    ("Carer's allowance", "I had to give up work and carer's allowance is barely anything."),
    ("Police", "The police were called during a meltdown and had no idea {he} was autistic."),
    ("Swimming lessons", "The leisure centre said {he} can't do lessons without a 1:1 we'd have to pay for."),
    ("Young carers", "{His} sister is a young carer and there's no support for her either."),
    ("Wheelchair services", "Wheelchair services is another story altogether."),
    ("Hearing / audiology", "Audiology appointments keep being moved too."),
)

# --- identifiers a rep must redact (all fictional) ------------------------------------------------------

BOY_NAMES: tuple[str, ...] = (
    "Jack",
    "Oliver",
    "Muhammad",
    "Leo",
    "Kacper",
    "Tyler",
    "Reuben",
    "Ibrahim",
    "Noah",
    "Harvey",
    "Kofi",
    "Hassan",
    "Dylan",
    "Arjun",
    "Jayden",
    "Yusuf",
    "Theo",
    "Ravi",
    "Callum",
    "Tomasz",
)
GIRL_NAMES: tuple[str, ...] = (
    "Amelia",
    "Aisha",
    "Isla",
    "Priya",
    "Zainab",
    "Chloe",
    "Freya",
    "Mia",
    "Layla",
    "Ella",
    "Ruby",
    "Maya",
    "Olivia",
    "Amara",
    "Evie",
    "Poppy",
    "Fatima",
    "Niamh",
    "Zofia",
    "Imani",
)
SURNAMES: tuple[str, ...] = (
    "Patel",
    "Evans",
    "Khan",
    "Jones",
    "O'Brien",
    "Nowak",
    "Okafor",
    "Williams",
    "Begum",
    "Taylor",
    "Ahmed",
    "Murphy",
    "Hughes",
    "Clarke",
    "Singh",
    "Mensah",
    "Wright",
    "Kowalski",
    "Hussain",
    "Reid",
)
SCHOOL_STEMS: tuple[str, ...] = (
    "Oakfield",
    "Meadowbank",
    "Brookside",
    "Hillcrest",
    "Riverside",
    "Elmwood",
    "Ashgrove",
    "Westfield",
    "Kingsmead",
    "Larkrise",
    "Moorside",
    "Fernhill",
)
SCHOOL_KINDS: tuple[str, ...] = (
    "Primary",
    "Primary School",
    "Academy",
    "Junior School",
    "High School",
    "Infant School",
    "Nursery",
)
SAINT_SCHOOLS: tuple[str, ...] = ("St Mary's Academy", "St Anne's C of E Primary", "Holy Trinity Catholic Primary")
#: Postcode districts that are not in use (the areas are real, the district numbers are past the end of
#: each area's range), so no demo postcode can point at a real street.
POSTCODE_DISTRICTS: tuple[str, ...] = ("DL18", "TS30", "YO63", "CA29", "BA17", "SE29", "N23", "NW12")
POSTCODE_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

IDENTIFIER_SENTENCES: tuple[str, ...] = (
    "I've raised all this with Mrs {surname}, the {senco} at {school}.",
    "Dr {surname} at the hospital told us {he} needs more support.",
    "You can call me on {phone} if you need more details.",
    "My email is {email} if you want to ask anything.",
    "We live near {postcode} if that helps.",
    "{He} goes to {school}.",
    "Mr {surname}, head of year, said {he} was 'just being naughty'.",
    "Our caseworker, Ms {surname}, hasn't replied since {month}.",
    "Please ring me on {phone} after 3pm.",
    "{He} used to be at {school} and it was much better there.",
)

# --- safeguarding: a child or parent at risk (written soberly) ---------------------------------------------

SAFEGUARDING_SENTENCES: tuple[str, ...] = (
    "m:I'm worried about {his} safety. {He} has told me {he} wants to hurt {him}self and I found marks on "
    "{his} arms last week.",
    "k:q:{He} has said {he} doesn't feel safe at school after older pupils threatened {him} on the way home.",
    "Some days I don't know how I can keep going and I've had thoughts of not being here any more.",
    "m:{He} has started saying {he} wants to die. We're on our own with this.",
    "A member of staff grabbed {his} arm hard enough to leave bruises and the school haven't done anything.",
    "My partner gets very angry with {him} and I'm scared of what might happen.",
    "q:I'm worried about a child in {his} class who often comes in hungry and says nobody is home in the evenings.",
    "{He} told me {he} doesn't feel safe when {he} stays at {his} dad's.",
)

#: Words a test or reviewer can look for to find the safeguarding items.
SAFEGUARDING_MARKERS: tuple[str, ...] = (
    "self and i found marks",
    "doesn't feel safe",
    "not being here any more",
    "wants to die",
    "leave bruises",
    "scared of what might happen",
    "comes in hungry",
)

#: A second line a young person sometimes adds.
YOUNG_PERSON_EXTRA: tuple[str, ...] = (
    "Nobody listens to young people.",
    "I'm tired of having to explain myself.",
    "Please ask us, not just our parents.",
    "My mum helped me write this but these are my words.",
    "I just want to be treated like everyone else.",
)

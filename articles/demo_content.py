"""Demo content for a newcomer's first look: written for this project, fictional author.

Loaded by ``manage.py load_demo``. Dates are relative to "now" so the scheduled
article stays scheduled and the latest articles look recent.
"""

from __future__ import annotations

AUTHOR = {
    "slug": "dr-elena-marsh",
    "name": "Dr Elena Marsh",
    "credentials": "PhD, CPsychol",
    "job_title": "Founder and lead neuroscientist, MindLAB Neuroscience",
    "institutions": "University of Edinburgh (PhD, cognitive neuroscience), British Psychological Society",
    "short_bio": (
        "Elena trained in cognitive neuroscience and has spent fifteen years helping senior "
        "leaders use what we know about the brain to work under pressure without burning out."
    ),
    "bio": (
        "Elena Marsh studied how the prefrontal cortex and the stress systems of the body talk "
        "to each other, first in the laboratory and then with people whose jobs rarely let the "
        "conversation settle.\n\n"
        "She founded MindLAB Neuroscience to translate that research into practical programmes "
        "for executives, founders and clinicians. Her writing aims to be exact about what the "
        "evidence shows, and honest about what it does not."
    ),
    "links": [("Practice profile", "https://example.org/team/elena-marsh")],
}

# A clinician who checks the health content of articles ("Reviewed by ... on ...").
REVIEWER = {
    "slug": "dr-samuel-okafor",
    "name": "Dr Samuel Okafor",
    "credentials": "MB ChB, MRCPsych",
    "job_title": "Consultant psychiatrist and medical reviewer",
    "institutions": "Royal College of Psychiatrists",
    "short_bio": (
        "Samuel reviews MindLAB's articles for clinical accuracy, with particular attention to "
        "sleep, stress physiology and where self-help ends and treatment should begin."
    ),
    "bio": "",
    "links": [],
}
REVIEWED_ARTICLES = {"how-trusted-people-quiet-the-stress-response": 12, "the-first-hour-after-waking": 400}

# Works cited by the demo articles, as CSL-JSON (the key is the "id").
CITATIONS = [
    {
        "id": "coan2006",
        "type": "article-journal",
        "author": [
            {"family": "Coan", "given": "James A."},
            {"family": "Schaefer", "given": "Hillary S."},
            {"family": "Davidson", "given": "Richard J."},
        ],
        "issued": {"date-parts": [[2006]]},
        "title": "Lending a hand: Social regulation of the neural response to threat",
        "container-title": "Psychological Science",
        "volume": "17",
        "issue": "12",
        "page": "1032-1039",
        "DOI": "10.1111/j.1467-9280.2006.01832.x",
    },
    {
        "id": "cacioppo2014",
        "type": "article-journal",
        "author": [
            {"family": "Cacioppo", "given": "John T."},
            {"family": "Cacioppo", "given": "Stephanie"},
            {"family": "Boomsma", "given": "Dorret I."},
        ],
        "issued": {"date-parts": [[2014]]},
        "title": "Evolutionary mechanisms for loneliness",
        "container-title": "Cognition and Emotion",
        "volume": "28",
        "issue": "1",
        "page": "3-21",
        "DOI": "10.1080/02699931.2013.837379",
    },
    {
        "id": "leroy2009",
        "type": "article-journal",
        "author": [{"family": "Leroy", "given": "Sophie"}],
        "issued": {"date-parts": [[2009]]},
        "title": (
            "Why is it so hard to do my work? The challenge of attention residue when switching "
            "between work tasks"
        ),
        "container-title": "Organizational Behavior and Human Decision Processes",
        "volume": "109",
        "issue": "2",
        "page": "168-181",
        "DOI": "10.1016/j.obhdp.2009.04.002",
    },
    {
        "id": "zaccaro2018",
        "type": "article-journal",
        "author": [
            {"family": "Zaccaro", "given": "Andrea"},
            {"family": "Piarulli", "given": "Andrea"},
            {"family": "Laurino", "given": "Marco"},
            {"family": "Garbella", "given": "Erika"},
            {"family": "Menicucci", "given": "Danilo"},
            {"family": "Neri", "given": "Bruno"},
            {"family": "Gemignani", "given": "Angelo"},
        ],
        "issued": {"date-parts": [[2018]]},
        "title": (
            "How breath-control can change your life: A systematic review on psycho-physiological "
            "correlates of slow breathing"
        ),
        "container-title": "Frontiers in Human Neuroscience",
        "volume": "12",
        "page": "353",
        "DOI": "10.3389/fnhum.2018.00353",
    },
]

PILLARS = [
    {
        "number": 1,
        "slug": "focus-and-decision-making",
        "name": "Focus, Attention & Decision-Making",
        "summary": "How attention is allocated, why it fails under load, and what helps you decide well.",
        "intro": (
            "Attention is a budget, not a fixed trait. This pillar looks at how the brain spends "
            "that budget across a working day and how decisions change when it runs low."
        ),
    },
    {
        "number": 4,
        "slug": "stress-resilience-regulation",
        "name": "Stress, Resilience & Regulation",
        "summary": "What stress does to the brain and body, and the skills that let you recover faster.",
        "intro": (
            "Stress is the body preparing for a demand. Trouble starts when the preparation never "
            "switches off. This pillar covers the biology of that switch and the practices that "
            "help it work."
        ),
    },
]

HUBS = [
    {
        "slug": "social-resilience-and-connection",
        "pillar": "stress-resilience-regulation",
        "position": 1,
        "title": "Social Resilience and Connection",
        "summary": (
            "Why other people are part of how the brain regulates stress, and how leaders can "
            "build relationships that buffer pressure instead of adding to it."
        ),
        "intro": """## Why connection is a regulation system

Humans evolved in groups, and the nervous system still assumes company. When a trusted person is
nearby, the brain appears to spend less effort preparing for threat: the same problem feels
smaller and recovery after it is quicker.

### The cost of going it alone

Senior roles often narrow the circle of people one can speak to candidly. That isolation is not
just uncomfortable; it removes one of the cheapest ways the body has of bringing arousal down.

### What "buffering" means in practice

Buffering is the measurable difference that support makes to a stress response. It depends less
on how many people you know than on whether you believe someone would help if asked.

## How to read this hub

The articles below move from the biology of social buffering to the habits that protect
relationships during demanding periods. Each one can be read alone.
""",
        "faqs": [
            (
                "Does social support really change stress physiology, or just how we feel?",
                "Both. Studies that measure heart rate, cortisol and brain activity find smaller "
                "responses to the same challenge when a trusted person is present. Feelings and "
                "physiology tend to move together, though not perfectly.",
            ),
            (
                "I lead a team. Can I be a source of support without blurring boundaries?",
                "Yes. Predictability, fair process and being reachable when things go wrong provide "
                "much of the buffering effect. None of it requires friendship.",
            ),
        ],
    },
    {
        "slug": "sleep-and-recovery",
        "pillar": "stress-resilience-regulation",
        "position": 2,
        "title": "Sleep and Recovery",
        "summary": "How sleep restores the systems that stress wears down, and how to protect it in demanding seasons.",
        "intro": """## Recovery is not optional

Every stress response borrows against resources that sleep pays back. When sleep is short, the
brain's threat detection becomes more reactive and its brakes weaker.

### A practical stance

Perfect sleep hygiene is rare in demanding jobs. The articles here focus on the few changes that
carry most of the benefit.
""",
        "faqs": [
            (
                "How much sleep do executives actually need?",
                "Most adults need seven to nine hours. A small minority function well on less, but "
                "far more people believe they are in that group than really are.",
            ),
        ],
    },
    {
        "slug": "attention-under-pressure",
        "pillar": "focus-and-decision-making",
        "position": 1,
        # The hub's short name (breadcrumbs, lists) and its essay's own headline.
        "name": "Attention Under Pressure",
        "title": "Why Focus Gives Way Just When the Stakes Rise",
        "summary": "What happens to focus when stakes rise, and how to design a day the brain can actually follow.",
        "intro": """## Attention has a cost

Switching between tasks is not free: each switch leaves part of the mind on the previous task for
a while. Under pressure the cost rises just when there is least to spare.

### Designing for the brain you have

Instead of trying to concentrate harder, the articles in this hub look at arranging work so that
concentration is needed less often.
""",
        "faqs": [
            (
                "Is multitasking a skill that can be trained?",
                "Practice makes specific combinations of tasks smoother, but the general cost of "
                "switching remains. It is usually better to reduce switching than to train it.",
            ),
        ],
        "closing_text": (
            "If you read only one of these, start with the first: it explains the cost that the "
            "others try to lower."
        ),
        # This hub's own call to action (the other hubs use the site's default).
        "cta_heading": "Talk to Dr Marsh about how your days are built",
        "cta_text": (
            "Bring one ordinary week of your calendar. In thirty minutes we look at where your "
            "attention goes and where a change of structure would free some of it.\n\n"
            "No preparation beyond that, and no obligation."
        ),
        "cta_button": "Book a call about focus",
    },
]

TABLE = """| Signal | What it suggests | A first step |
|:--|:--|:--|
| Waking at 3 a.m. with a racing mind | Arousal is not switching off at night | A fixed wind-down time, screens away |
| Irritability in meetings | Reduced prefrontal control under load | Schedule breaks between demanding calls |
| Losing interest in people | Withdrawal that removes social buffering | One low-stakes conversation a day |
"""

ARTICLES = [
    {
        "slug": "how-trusted-people-quiet-the-stress-response",
        "hub": "social-resilience-and-connection",
        "position": 1,
        "title": "How Trusted People Quiet the Stress Response",
        "subtitle": "The neuroscience of social buffering, and what it means for people who lead.",
        "days_ago": 21,
        "summary": (
            "A trusted person nearby measurably lowers the brain's effort to prepare for threat. "
            "This article explains how that buffering works and how to keep it when a role "
            "becomes isolating."
        ),
        "body": f"""## A smaller threat in company

When volunteers face a mild threat alone, regions involved in vigilance and bodily arousal work
hard. With a trusted partner beside them, the same regions often work less [@coan2006]. The threat has not
changed; the brain's estimate of the resources available to meet it has.

### Resources, not comfort

One useful way to think about this is budgeting. The brain keeps track of what the body can
afford. Other people are part of that budget: they can share a load, watch for danger, or help
recover afterwards. When they are there, the brain can spend less.

## Where leaders lose it

Promotion often removes peers. The people who remain may depend on you, report to you or compete
with you, and candour becomes expensive. Over months the buffer thins without anyone noticing.

- Conversations become transactional.
- Problems are carried home rather than shared.
- Recovery after hard days takes longer.

## Warning signs and first steps

{TABLE}
## Rebuilding the buffer

Buffering depends on *perceived* availability. A small number of relationships in which you can
say "this is hard" without consequence does more than a large network. Protect time for them the
way you protect time for strategy.
""",
        "closing_summary": (
            "Trusted relationships are part of how the brain regulates stress. Leaders tend to "
            "lose them quietly; rebuilding even one or two is among the most efficient "
            "investments in resilience available."
        ),
        "takeaways": [
            "The brain treats trusted people as resources that lower the cost of a threat.",
            "Senior roles tend to erode candid relationships without anyone deciding they should.",
            "A few relationships where you can admit difficulty matter more than a large network.",
        ],
        "faqs": [
            (
                "Does a phone call give the same effect as being in the same room?",
                "Some of it. Voice carries a great deal of the reassurance, although physical "
                "presence tends to give the strongest effect.",
            ),
        ],
    },
    {
        "slug": "loneliness-at-the-top",
        "hub": "social-resilience-and-connection",
        "position": 2,
        "title": "Loneliness at the Top Is a Physiological Problem",
        "subtitle": "Why isolation in senior roles is more than an emotional cost.",
        "days_ago": 14,
        "summary": (
            "Isolation keeps the stress system on a higher setting. This article looks at why "
            "senior people are especially exposed and what a realistic remedy looks like."
        ),
        "body": """## Isolation raises the baseline

Feeling cut off appears to keep the brain in a watchful mode: more attention to possible threats,
lighter sleep, quicker irritation [@cacioppo2014]. None of this is a character flaw; it is a sensible response
to having nobody to share the watch with.

## Why seniority makes it likely

1. Fewer peers inside the organisation.
2. More people whose interests depend on your decisions.
3. Less time for relationships outside work.

## What helps

Peer groups outside the organisation, a mentor who has held a similar role, and a partner who is
told the truth about the week all restore part of the buffer.
""",
        "closing_summary": "Isolation is a load on the body. Treat reconnecting as maintenance, not indulgence.",
        "takeaways": [
            "Isolation keeps threat detection running at a higher level.",
            "Seniority brings structural reasons for isolation.",
            "Peer groups outside the organisation are an effective remedy.",
        ],
        "faqs": [],
    },
    {
        "slug": "repairing-trust-after-conflict",
        "hub": "social-resilience-and-connection",
        "position": 3,
        "title": "Repairing Trust After Conflict",
        "subtitle": "A draft on what the brain needs before it lowers its guard again.",
        "status": "draft",
        "days_ago": 2,
        "summary": "What repair requires, step by step, and why an apology alone rarely finishes the job.",
        "body": """## Repair is a sequence

Draft: acknowledgement, a change the other person can observe, and time.
""",
        "takeaways": ["Repair needs visible change, not only words."],
        "faqs": [],
    },
    {
        "slug": "the-first-hour-after-waking",
        "hub": "sleep-and-recovery",
        "position": 1,
        "title": "The First Hour After Waking",
        "subtitle": "Light, movement and a slower start set the clock for the night that follows.",
        "days_ago": 10,
        "summary": (
            "Morning light and a predictable start help anchor the body clock, which makes the "
            "next night's sleep easier. Here is what matters and what is optional."
        ),
        "body": """## Light sets the clock

Bright light early in the day tells the internal clock when morning is. A consistent signal makes
it easier to feel sleepy at a sensible hour that evening.

## Small, repeatable steps

- Go outside, or sit by a bright window, within an hour of waking.
- Keep the waking time within an hour of the usual one, weekends included.
- Delay the first difficult email until you have eaten.
""",
        "closing_summary": "Morning habits are an inexpensive way to improve the night that follows.",
        "takeaways": [
            "Morning light is the strongest everyday signal to the body clock.",
            "A regular waking time matters more than a regular bedtime.",
        ],
        "faqs": [
            (
                "Does a daylight lamp work as well as going outside?",
                "A bright lamp helps, especially in winter, but outdoor light is usually far brighter.",
            ),
        ],
    },
    {
        "slug": "why-switching-tasks-drains-you",
        "hub": "attention-under-pressure",
        "position": 1,
        "title": "Why Switching Tasks Drains You",
        "subtitle": "Attention residue, and how to design a day with fewer switches.",
        "days_ago": 5,
        "summary": (
            "Each switch between tasks leaves some attention behind. This article explains the "
            "effect and offers a way to plan days around fewer, longer blocks."
        ),
        "body": """## Attention residue

After leaving an unfinished task, part of the mind keeps working on it. @leroy2009 called this
*attention residue*. The next task starts with
less than full attention, and the effect grows with how unfinished the first task felt.

## Designing fewer switches

| Habit | Switches saved per day |
|:--|--:|
| Batch email into three windows | 20–40 |
| Close chat during deep work | 10–30 |
| Write down the next step before stopping | Fewer lingering thoughts |

### Closing loops

Writing the next step down before stopping signals that the task is parked, which appears to
reduce the residue it leaves.
""",
        "closing_summary": "Fewer switches beat harder concentration.",
        "takeaways": [
            "Unfinished tasks keep pulling attention after you leave them.",
            "Batching communication removes many switches at once.",
            "Writing down the next step helps you let go of a task.",
        ],
        "faqs": [
            (
                "How long should a focus block be?",
                "Long enough to reach real progress: for most people between 60 and 90 minutes.",
            ),
        ],
    },
    {
        "slug": "deciding-when-tired",
        "hub": "attention-under-pressure",
        "position": 2,
        "title": "Deciding When Tired",
        "subtitle": "What fatigue does to judgement, and a short checklist for late decisions.",
        "days_ago": 3,
        "summary": (
            "Tired brains prefer the default option and weigh risks differently. A short "
            "checklist helps catch the decisions that should wait until morning."
        ),
        "body": """## Fatigue shifts preferences

Late in a long day people lean towards whatever requires least effort: the default, the
familiar, the postponement. Sometimes that is fine; sometimes it is expensive.

## A checklist for late decisions

1. Is this reversible? If yes, decide now.
2. Would I explain this choice the same way tomorrow?
3. Who else should see it before it is final?
""",
        "closing_summary": "Protect the irreversible decisions from the end of the day.",
        "takeaways": [
            "Fatigue pushes choices towards the default option.",
            "Reversible decisions can be made tired; irreversible ones should wait.",
        ],
        "faqs": [],
    },
    {
        "slug": "breathing-to-downshift",
        "hub": None,
        "position": 0,
        "title": "Breathing to Downshift: What the Evidence Supports",
        "subtitle": "A standalone guide to slow breathing, scheduled for publication next week.",
        "days_ahead": 7,
        "summary": (
            "Slow, extended exhalations can reduce arousal within minutes. This guide separates "
            "what is well supported from what is marketing."
        ),
        "body": """## Slow exhalation

Breathing out slowly engages the parasympathetic branch of the nervous system [@zaccaro2018]. Around six breaths
a minute is a reasonable target for most adults.

## What to be cautious about

Claims that one technique suits everyone, or that breathing replaces treatment, go beyond the
evidence.
""",
        "closing_summary": "Slow breathing is a useful, limited tool.",
        "takeaways": ["Longer exhalations than inhalations tend to calm arousal."],
        "faqs": [],
    },
]

"""Generate a corpus of Swedish documents about collaboration between universities and public actors.

    python3 benchmarks/generate_corpus.py --docs 2000 --out /tmp/corpus [--seed 1]

Writes N files, about 80 % plain text (.txt) and 20 % Markdown (.md): news pages, project
descriptions, agreement announcements, network pages and report excerpts of 150–600 words. The
organisations, places and their abbreviations come from the project's reference data
(`ontology/reference/*.ttl`); persons are built from the small name lists below. The same arguments
give byte-identical files (one `random.Random(seed)`, sorted reference data, no clock).

This is a benchmark input, not gold data: nothing here is annotated.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Reference", "load_reference", "generate_corpus", "main"]

REPO = Path(__file__).resolve().parent.parent
SKOS = "http://www.w3.org/2004/02/skos/core#"
SAMV = "https://w3id.org/samverkan/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

FIRST_NAMES = (
    "Anna Maria Karin Eva Sara Lena Kristina Emma Elin Johanna Sofia Helena Ingrid Malin Ulrika Cecilia "
    "Camilla Linda Jenny Annika Åsa Marie Katarina Frida Hanna Ida Louise Therese Agneta Birgitta "
    "Lars Anders Johan Per Erik Karl Peter Mikael Jan Magnus Fredrik Daniel Mattias Henrik Jonas "
    "Stefan Martin Niklas Tomas Olof Björn Gustav Joakim Håkan Göran Ulf Sven Oskar Viktor Patrik"
).split()
SURNAMES = (
    "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson "
    "Pettersson Jonsson Jansson Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson Lindström "
    "Lindqvist Lindgren Berglund Fredriksson Sandberg Henriksson Forsberg Sjöberg Wallin Engström "
    "Eklund Danielsson Lundqvist Lundgren Holm Mattsson Berggren Nyström Holmberg Lundberg Sundberg "
    "Fransson Söderberg Nyberg Blomqvist Hedlund Åberg Ekström Lindholm Isaksson Mårtensson Vestman "
    "Röding Hellström Strand Norberg Sjögren Wikström Dahlberg Hedberg Åström Sundqvist Ekholm"
).split()
ROLES_AT = (
    "rektor",
    "prorektor",
    "vicerektor för samverkan",
    "dekan",
    "prefekt",
    "forskare",
    "professor",
    "docent",
    "universitetslektor",
    "doktorand",
    "projektledare",
    "projektkoordinator",
    "forskningsledare",
    "samverkansstrateg",
    "verksamhetsutvecklare",
    "utvecklingsledare",
    "kommundirektör",
    "regiondirektör",
    "landshövding",
    "enhetschef",
    "avdelningschef",
    "näringslivsstrateg",
    "samordnare",
    "utredare",
    "handläggare",
    "generaldirektör",
)
FUNDER_LABELS = (
    "Vinnova",
    "Vetenskapsrådet",
    "Formas",
    "Forte",
    "Tillväxtverket",
    "Energimyndigheten",
    "KK-stiftelsen",
    "Riksbankens Jubileumsfond",
    "Stiftelsen för strategisk forskning",
    "Naturvårdsverket",
)
COMPANIES = (
    "Ericsson AB",
    "Skanska AB",
    "Sandvik AB",
    "Volvo Cars",
    "Northvolt",
    "Tieto",
    "Region Data AB",
    "Norrlandsbyggen AB",
    "Sweco",
    "Ramboll",
    "Ikea",
    "Scania",
)
PROJECT_WORDS = (
    "Hållbar",
    "Smart",
    "Digital",
    "Grön",
    "Framtidens",
    "Trygg",
    "Aktiv",
    "Nära",
    "Cirkulär",
    "Öppen",
)
PROJECT_NOUNS = (
    "välfärd",
    "stad",
    "landsbygd",
    "skola",
    "vård",
    "omställning",
    "mobilitet",
    "energi",
    "kompetens",
    "samhällsplanering",
    "integration",
    "innovation",
    "matproduktion",
    "besöksnäring",
    "vattenförsörjning",
)
ACRONYM_LETTERS = "ABCDEFGHIKLMNOPRSTUV"
AGREEMENT_NAMES = (
    "Samhällskontraktet",
    "Campusavtalet",
    "Kunskapskontraktet",
    "Innovationspartnerskapet",
    "Utvecklingsavtalet",
    "Regionkontraktet",
    "Samverkanspakten",
    "Kompetensavtalet",
    "Forskningspartnerskapet",
    "Framtidskontraktet",
    "Välfärdsavtalet",
    "Klimatpakten",
)
ARENA_NOUNS = ("mötesplatsen", "plattformen", "arenan", "forumet", "nätverket", "seminarieserien")
ARENA_NAMES = (
    "Forum Välfärd",
    "Kunskapsnoden",
    "Arena Skola",
    "Samverkansarenan Norr",
    "Framtidsforum",
    "Mötesplats Social Hållbarhet",
    "Innovationsarenan",
    "Forskardialog Syd",
    "Kunskapsbron",
    "Praktiknära Forum",
    "Hälsoarenan",
    "Arena för lärande",
    "Klimatforum Väst",
    "Campus Mitt",
)
EVENT_NOUNS = {  # indefinite -> definite
    "konferens": "konferensen",
    "workshop": "workshopen",
    "seminarium": "seminariet",
    "träff": "träffen",
    "forskardag": "forskardagen",
    "dialogmöte": "dialogmötet",
    "nätverksträff": "nätverksträffen",
}
THEMES = (
    "kompetensförsörjning",
    "hållbar samhällsplanering",
    "psykisk hälsa bland unga",
    "digitalisering av välfärden",
    "skolans kvalitet",
    "klimatanpassning",
    "integration på arbetsmarknaden",
    "livslångt lärande",
    "forskningsbaserad verksamhetsutveckling",
    "energiomställning",
    "landsbygdens utveckling",
    "vård och omsorg för äldre",
    "trygghet i offentliga miljöer",
    "praktiknära forskning",
)
MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
SEASONS = ("våren", "hösten", "sommaren", "vintern")
FILLER = (
    "Samverkan mellan akademi och offentlig sektor har blivit en allt viktigare del av lärosätenas uppdrag.",
    "Målet är att forskningen ska komma till nytta i verksamheten och att verksamhetens frågor ska påverka forskningen.",
    "Erfarenheterna visar att långsiktiga relationer och tydliga roller är avgörande för att samverkan ska fungera.",
    "Det handlar om att skapa strukturer som håller även när enskilda personer byter arbete.",
    "Många deltagare lyfte behovet av gemensamma mål och en realistisk tidsplan.",
    "Formaliserad samverkan kan se ut på många olika sätt, från avtal på ledningsnivå till återkommande mötesplatser.",
    "Ett återkommande tema var hur resultaten ska spridas till fler verksamheter.",
    "Under eftermiddagen diskuterades hur uppföljning och utvärdering kan byggas in från början.",
    "Studenter och doktorander har en viktig roll som brobyggare mellan forskning och praktik.",
    "Flera av deltagarna efterfrågade bättre förutsättningar för medarbetare att röra sig mellan sektorerna.",
    "Arbetet bygger på ömsesidighet: båda parter ska bidra med resurser och båda ska få ut något av samarbetet.",
    "Samtalen präglades av öppenhet och en vilja att lära av varandras erfarenheter.",
    "En slutsats var att ledningens engagemang är en förutsättning för att samverkan ska bli strategisk.",
    "Det finns också utmaningar, till exempel olika tidshorisonter och olika sätt att mäta resultat.",
    "Satsningen ska bidra till en mer kunskapsbaserad offentlig verksamhet.",
    "Rapporten beskriver både framgångsfaktorer och hinder som parterna har stött på under arbetet.",
    "Intresset för att delta har varit stort och fler aktörer har hört av sig under året.",
    "Resultaten kommer att presenteras i en slutrapport och på en öppen konferens.",
    "Verksamhetsförlagd utbildning och gemensamma tjänster lyftes fram som konkreta exempel.",
    "Parterna har kommit överens om att följa upp arbetet varje år.",
    "Frågan om finansiering efter projekttidens slut diskuterades särskilt.",
    "Många kommuner saknar egen forskningskompetens och ser samverkan som ett sätt att få tillgång till ny kunskap.",
    "Lärosätena å sin sida får tillgång till empiri, praktikplatser och relevanta forskningsfrågor.",
    "Ett tiotal forskare och lika många praktiker har varit engagerade i arbetet.",
    "Den gemensamma styrgruppen träffas fyra gånger per år.",
    "Nästa steg är att ta fram en gemensam handlingsplan för de kommande tre åren.",
)
QUOTES = (
    "Vi ser ett stort värde i att forskningen kommer närmare verksamheten",
    "Det här är ett viktigt steg för hela regionen",
    "Samverkan kräver tid, tålamod och tydliga mål",
    "Vi har mycket att lära av varandra",
    "Avtalet ger oss en struktur som gör det lättare att samarbeta långsiktigt",
    "Det är glädjande att så många vill vara med",
    "Utan engagemanget från våra partner hade det här aldrig varit möjligt",
    "Nu tar vi nästa steg och bygger vidare på det vi har åstadkommit",
    "Vi behöver fler mötesplatser där forskare och praktiker kan träffas",
    "Kompetensförsörjningen är en av våra största utmaningar",
    "Det viktiga är att resultaten kommer till användning",
    "Vi vill att studenterna ska möta verkliga frågor redan under utbildningen",
)
KINDS = ("nyhet", "projekt", "avtal", "natverk", "rapport")


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@dataclass(frozen=True)
class Org:
    """An organisation of the reference data: its preferred label and short forms in real use."""

    label: str
    kind: str  # hei, municipality, region, county, agency, association
    short: tuple[str, ...] = ()


@dataclass
class Reference:
    """The names the generator draws from, sorted so that a seed gives the same corpus."""

    orgs: dict[str, list[Org]]
    places: list[str]
    funders: list[Org]


_KIND_OF_CLASS = {
    "HigherEducationInstitution": "hei",
    "Municipality": "municipality",
    "Region": "region",
    "CountyAdministrativeBoard": "county",
    "GovernmentAgency": "agency",
    "Association": "association",
    "Place": "place",
}


def load_reference(folder: Path | None = None) -> Reference:
    """Read the organisations and places of `ontology/reference/*.ttl` with pyoxigraph."""
    import pyoxigraph as ox

    folder = folder or REPO / "ontology" / "reference"
    kinds: dict[str, str] = {}
    pref: dict[str, str] = {}
    alts: dict[str, set[str]] = {}
    historic: set[str] = set()
    for path in sorted(folder.glob("*.ttl")):
        with path.open("rb") as handle:
            for triple in ox.parse(handle, format=ox.RdfFormat.TURTLE):
                s, p, o = triple.subject.value, triple.predicate.value, triple.object
                if p == RDF_TYPE and o.value.startswith(SAMV):
                    kind = _KIND_OF_CLASS.get(o.value[len(SAMV) :])
                    if kind:
                        kinds[s] = kind
                elif p == SKOS + "prefLabel" and getattr(o, "language", None) == "sv":
                    pref[s] = o.value
                elif p == SKOS + "altLabel" and getattr(o, "language", None) == "sv":
                    alts.setdefault(s, set()).add(o.value)
                elif p == SKOS + "historyNote":
                    historic.add(s)  # merged, closed or renamed; renamed ones are still fine to name
    orgs: dict[str, list[Org]] = {}
    places: list[str] = []
    for iri in sorted(kinds):
        if iri not in pref:
            continue
        kind = kinds[iri]
        if kind == "place":
            places.append(pref[iri])
            continue
        # Abbreviations in real use: short, upper-case ("KTH", "LiU", "SKR"); never long formal names.
        short = tuple(sorted(a for a in alts.get(iri, ()) if len(a) <= 6 and a[:1].isupper() and a[1:2].isupper()))
        orgs.setdefault(kind, []).append(Org(pref[iri], kind, short))
    by_label = {org.label: org for group in orgs.values() for org in group}
    funders = [by_label[label] for label in FUNDER_LABELS if label in by_label]
    return Reference(orgs=orgs, places=places, funders=funders or orgs["agency"][:5])


@dataclass(frozen=True)
class Person:
    """A generated person with a role at an organisation."""

    first: str
    last: str
    role: str
    org: Org

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def _genitive(name: str) -> str:
    if name[-1:].isupper() or name[-1:].isdigit():
        return name + ":s"
    return name if name[-1:] in "sxz" else name + "s"


class _Writer:
    """Composes one document from a cast of organisations, persons, a project, an agreement, an arena."""

    def __init__(self, rng: random.Random, ref: Reference, surnames: list[str]) -> None:
        self.rng = rng
        self.ref = ref
        self.surnames = surnames
        self.year = rng.randint(2012, 2025)
        self.hei = self._pick("hei", rng.choice((1, 2, 2, 3)))
        self.public = self._public(rng.choice((1, 2, 2, 3, 4)))
        self.funder = rng.choice(ref.funders)
        self.orgs = self.hei + self.public
        self.persons = [self._person(org) for org in self.orgs for _ in range(rng.choice((0, 1, 1, 1, 2)))]
        if not self.persons:
            self.persons = [self._person(self.hei[0])]
        municipalities = [o for o in self.public if o.kind == "municipality"]
        self.place = self._place_of(municipalities[0]) if municipalities else rng.choice(ref.places)
        self.project = self._project_name()
        self.agreement = rng.choice(AGREEMENT_NAMES)
        self.arena = (rng.choice(ARENA_NOUNS), rng.choice(ARENA_NAMES))
        self.theme = rng.choice(THEMES)
        self.used_full: set[str] = set()
        self.fillers: list[str] = []

    # -- the cast --------------------------------------------------------------------------------
    def _pick(self, kind: str, n: int) -> list[Org]:
        return self.rng.sample(self.ref.orgs[kind], n)

    def _public(self, n: int) -> list[Org]:
        kinds = [
            self.rng.choice(
                ("municipality", "municipality", "municipality", "region", "region", "county", "agency", "association")
            )
            for _ in range(n)
        ]
        chosen: list[Org] = []
        for kind in kinds:
            org = self.rng.choice(self.ref.orgs[kind])
            if org not in chosen:
                chosen.append(org)
        return chosen

    def _person(self, org: Org) -> Person:
        return Person(self.rng.choice(FIRST_NAMES), self.rng.choice(self.surnames), self.rng.choice(ROLES_AT), org)

    def _place_of(self, org: Org) -> str:
        stem = org.label.removesuffix(" kommun").removesuffix(" stad")
        for place in self.ref.places:
            if place == stem or (stem.endswith("s") and place == stem[:-1]):
                return place
        return self.rng.choice(self.ref.places)

    def _project_name(self) -> str:
        rng = self.rng
        style = rng.random()
        if style < 0.4:
            return f"{rng.choice(PROJECT_WORDS)} {rng.choice(PROJECT_NOUNS)}"
        letters = "".join(rng.choice(ACRONYM_LETTERS) for _ in range(rng.randint(3, 6)))
        if style < 0.7:
            return letters
        return f"{letters} {rng.choice(PROJECT_NOUNS).capitalize()}"

    # -- names as a text uses them ---------------------------------------------------------------
    def org(self, org: Org) -> str:
        """The full name the first time, sometimes the abbreviation afterwards."""
        if org.label in self.used_full and org.short and self.rng.random() < 0.5:
            return self.rng.choice(org.short)
        self.used_full.add(org.label)
        return org.label

    def person(self, person: Person) -> str:
        if person.name in self.used_full:
            return person.last
        self.used_full.add(person.name)
        return person.name

    def date(self) -> str:
        rng = self.rng
        day, month = rng.randint(1, 28), rng.randint(1, 12)
        form = rng.random()
        if form < 0.35:
            return f"den {day} {MONTHS[month - 1]} {self.year}"
        if form < 0.5:
            return f"den {day} {MONTHS[month - 1]}"
        if form < 0.65:
            return f"{self.year}-{month:02d}-{day:02d}"
        if form < 0.75:
            return f"den {day}/{month}"
        if form < 0.85:
            return f"{day}–{day + 1} {MONTHS[month - 1]} {self.year}"
        if form < 0.93:
            return f"{rng.choice(SEASONS)} {self.year}"
        return f"i {MONTHS[month - 1]} {self.year}"

    def orgs_list(self, orgs: list[Org]) -> str:
        names = [self.org(o) for o in orgs]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]

    # -- sentences -------------------------------------------------------------------------------
    def s_person_says(self) -> str:
        p = self.rng.choice(self.persons)
        first = p.name not in self.used_full
        who = self.person(p)
        if first:
            return f"{who}, {p.role} vid {self.org(p.org)}, berättar att arbetet med {self.theme} har tagit fart."
        return f"{who} berättar att arbetet med {self.theme} har tagit fart."

    def s_quote(self) -> str:
        p = self.rng.choice(self.persons)
        first = p.name not in self.used_full
        who = self.person(p)
        quote = self.rng.choice(QUOTES)
        if first:
            if self.rng.random() < 0.5:
                return f"– {quote}, säger {who}, {p.role} vid {self.org(p.org)}."
            return f"– {quote}, säger {_genitive(self.org(p.org))} {p.role} {who}."
        return f"– {quote}, säger {who}."

    def s_funding(self) -> str:
        lead = self.rng.choice(self.orgs)
        options = (
            f"Projektet {self.project} finansieras av {self.org(self.funder)} och leds av {self.org(lead)}.",
            f"{self.org(self.funder)} finansierar projektet {self.project} med {self.rng.randint(2, 40)} miljoner kronor.",
            f"Projektet {self.project} drivs med stöd från {self.org(self.funder)} under {self.rng.randint(2, 5)} år.",
            f"{self.org(lead)} leder projektet {self.project}, som startade {self.date()}.",
        )
        return self.rng.choice(options)

    def s_participants(self) -> str:
        members = self.rng.sample(self.orgs, min(len(self.orgs), self.rng.randint(2, 4)))
        if self.rng.random() < 0.5:
            return f"I projektet deltar {self.orgs_list(members)}."
        return f"{self.orgs_list(members)} deltar i projektet {self.project}."

    def s_agreement(self) -> str:
        a, b = self.hei[0], self.public[0]
        options = (
            f"{self.org(a)} och {self.org(b)} har tecknat ett samverkansavtal som gäller i fyra år.",
            f"Avsiktsförklaringen mellan {self.org(a)} och {self.org(b)} undertecknades {self.date()}.",
            f"{self.agreement} är en överenskommelse mellan {self.org(b)} och {self.org(a)} om långsiktig samverkan.",
            f"{self.org(b)} och {self.org(a)} tecknade {self.date()} ett ramavtal om forskning och utbildning.",
        )
        return self.rng.choice(options)

    def s_arena(self) -> str:
        noun, name = self.arena
        host = self.rng.choice(self.hei)
        partner = self.rng.choice(self.public)
        options = (
            f"Sedan {self.year} finns mötesplatsen {name}, som arrangeras av {self.org(host)} tillsammans med {self.org(partner)}.",
            f"Sedan {self.year} driver {self.org(host)} {noun} {name} där {self.org(partner)} är en aktiv part.",
            f"Inom {noun} {name} möts representanter för {self.orgs_list(self.rng.sample(self.orgs, min(3, len(self.orgs))))}.",
        )
        return self.rng.choice(options)

    def s_event(self) -> str:
        host = self.rng.choice(self.hei + self.public)
        venue = self.rng.choice(self.hei)
        noun = self.rng.choice(sorted(EVENT_NOUNS))
        date = self.date()
        article = "ett" if noun.endswith(("ium", "möte")) else "en"
        options = (
            f"{date[0].upper() + date[1:]} hölls {article} {noun} på {self.org(venue)} i {self.place}.",
            f"Över hundra deltagare kom till {EVENT_NOUNS[noun]} i {self.place} {date}.",
            f"{self.org(host)} bjöd {date} in till {article} {noun} om {self.theme}.",
        )
        return self.rng.choice(options)

    def s_collab(self) -> str:
        a, b = self.rng.sample(self.orgs, 2) if len(self.orgs) > 1 else (self.orgs[0], self.funder)
        options = (
            f"{self.org(a)} samverkar sedan flera år med {self.org(b)} kring {self.theme}.",
            f"Samarbetet mellan {self.org(a)} och {self.org(b)} har utvecklats steg för steg.",
            f"{self.org(a)} och {self.org(b)} samarbetar också inom utbildningen.",
            f"Även {self.rng.choice(COMPANIES)} har visat intresse för samarbetet.",
        )
        return self.rng.choice(options)

    def s_member(self) -> str:
        members = self.rng.sample(self.orgs, min(len(self.orgs), self.rng.randint(2, 4)))
        return f"Medlemmar i nätverket är {self.orgs_list(members)}, och fler har anmält intresse."

    def s_filler(self) -> str:
        # Drawn without replacement (reshuffled when used up), so a paragraph rarely repeats itself.
        if not self.fillers:
            self.fillers = list(FILLER)
            self.rng.shuffle(self.fillers)
        return self.fillers.pop()

    # -- documents -------------------------------------------------------------------------------
    def title(self, kind: str) -> str:
        a, b = self.hei[0], self.public[0]
        return {
            "nyhet": f"{a.label} och {b.label} fördjupar samarbetet kring {self.theme}",
            "projekt": f"Projektet {self.project}",
            "avtal": f"Nytt samverkansavtal mellan {a.label} och {b.label}",
            "natverk": f"{self.arena[1]} – en mötesplats för forskning och praktik",
            "rapport": f"Rapport: samverkan kring {self.theme} {self.year}",
        }[kind]

    def paragraphs(self, kind: str, words: int) -> list[list[str]]:
        core = {
            "nyhet": [self.s_person_says, self.s_quote, self.s_collab, self.s_event, self.s_funding],
            "projekt": [self.s_funding, self.s_participants, self.s_person_says, self.s_quote, self.s_collab],
            "avtal": [self.s_agreement, self.s_quote, self.s_agreement, self.s_collab, self.s_person_says],
            "natverk": [self.s_arena, self.s_member, self.s_event, self.s_quote, self.s_arena],
            "rapport": [self.s_event, self.s_collab, self.s_participants, self.s_agreement, self.s_person_says],
        }[kind]
        extra = [
            self.s_person_says,
            self.s_quote,
            self.s_funding,
            self.s_participants,
            self.s_agreement,
            self.s_arena,
            self.s_event,
            self.s_collab,
        ]
        paragraphs: list[list[str]] = []
        current: list[str] = []
        count = 0
        queue = list(core)
        while count < words:
            if queue:
                sentence = queue.pop(0)()
            elif self.rng.random() < 0.55:
                sentence = self.s_filler()
            else:
                sentence = self.rng.choice(extra)()
            if self.rng.random() < 0.35 and not sentence.startswith("–"):
                current.append(self.s_filler())
                count += len(current[-1].split())
            current.append(sentence)
            count += len(sentence.split())
            if len(current) >= self.rng.randint(2, 5) or sentence.startswith("–"):
                paragraphs.append(current)
                current = []
        if current:
            paragraphs.append(current)
        return paragraphs


def _surnames(ref: Reference) -> list[str]:
    """Surnames that are not also the name of a place or body (a text would not mean a person by them)."""
    labels = set(ref.places) | {o.label for group in ref.orgs.values() for o in group}
    return [s for s in SURNAMES if s not in labels]


def render(writer: _Writer, kind: str, markdown: bool, words: int) -> str:
    """One document as text: a title line, then paragraphs (Markdown gets headings and a list)."""
    rng = writer.rng
    title = writer.title(kind)
    paragraphs = writer.paragraphs(kind, words)
    out: list[str] = []
    if markdown:
        if rng.random() < 0.4:
            out += [
                "---",
                f'title: "{title}"',
                f"date: {writer.year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "---",
                "",
            ]
        out += [f"# {title}", ""]
        for index, paragraph in enumerate(paragraphs):
            if index and index % 3 == 0:
                out += [
                    f"## {rng.choice(('Bakgrund', 'Om projektet', 'Parterna', 'Nästa steg', 'Resultat', 'Kontakt'))}",
                    "",
                ]
            out += [" ".join(paragraph), ""]
        out += ["## Parter", ""]
        out += [f"- {o.label}" for o in writer.orgs] + [""]
    else:
        out += [title, ""]
        if rng.random() < 0.5:
            out += [f"Publicerad {writer.year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", ""]
        for paragraph in paragraphs:
            out += [" ".join(paragraph), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def generate_corpus(docs: int, out: Path, seed: int = 1, ref: Reference | None = None) -> list[Path]:
    """Write `docs` documents into `out` (created if missing); return their paths in order."""
    ref = ref or load_reference()
    surnames = _surnames(ref)
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for index in range(docs):
        writer = _Writer(rng, ref, surnames)
        kind = rng.choice(KINDS)
        markdown = rng.random() < 0.2
        words = rng.randint(150, 600)
        text = render(writer, kind, markdown, words)
        name = f"{index:05d}-{kind}-{_slug(writer.hei[0].label)[:30]}.{'md' if markdown else 'txt'}"
        path = out / name
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Command line: generate the corpus."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, required=True, help="number of documents")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    paths = generate_corpus(args.docs, args.out, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"Wrote {len(paths)} documents, {size / 1e6:.2f} MB, to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

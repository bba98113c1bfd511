#!/usr/bin/env python3
"""Build tests/data/dedup_dev.jsonl, a development set for near-duplicate (wire copy) detection.

Every article, person, company, outlet and figure in this file is fictional and was
written for it (agency names and real places are kept for realism).

* ORIGINALS: agency dispatches (AFP, Reuters, AP, Xinhua, ATS, dpa, EFE, ANSA, Lusa).
* COPIES: each original is turned into 2-5 republished copies by *editing its text*
  (new headline, local intro, cut tail, site boilerplate, typography, updated figures,
  moved paragraphs, light rewording, inserted paragraph). The edits are applied
  deterministically (random.Random seeded with a string), so re-running the script
  rewrites the same file byte for byte.
* NEGATIVES: independently written hard negatives, each its own cluster:
  same-event articles and short briefs (negative_same_event), later stories that
  rewrite most paragraphs (negative_rewrite_update), different articles quoting
  one or two sentences of a dispatch (negative_embeds_quote). Their id is
  "neg-<key of the related original>-<same|brief|update|quote>".

All texts are written with straight quotes (") and apostrophes ('); an article's
"style" decides whether it is rendered like that ("ascii") or with the typography
of its language ("typo": « » with no-break spaces, „ “, “ ”, ’, –, …). A copy with
the "typography" edit gets the other style than its original.

Usage:
    python tests/data/make_dedup_dev.py           # write dedup_dev.jsonl and print the report
    python tests/data/make_dedup_dev.py --check   # only validate the existing file, print the report
"""
from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "dedup_dev.jsonl"

EDIT_KINDS = [
    "headline", "local_intro", "trimmed_end", "boilerplate", "typography",
    "update_figures", "reordered_paragraphs", "light_rewrite", "paragraph_inserted",
]
NEG_KINDS = ["negative_same_event", "negative_rewrite_update", "negative_embeds_quote"]
HARD = {"headline", "local_intro", "trimmed_end", "boilerplate"}

ORIGINALS: list[dict] = []
COPIES: dict[str, list[dict]] = defaultdict(list)
NEGATIVES: list[dict] = []


def paras_of(text: str) -> list[str]:
    ps = [p.strip() for p in text.strip().split("\n\n")]
    assert all(ps), "empty paragraph"
    for p in ps:
        assert p.count('"') % 2 == 0, f"odd number of quotes in: {p[:60]}"
        assert not re.search("[«»“”„’–—…\u00a0\u202f]", p.replace(" — ", "")), f"typographic char in ascii source: {p[:60]}"
    return ps


def nwords(s: str) -> int:
    return len(re.findall(r"\w+", s))


def orig(key, lang, source, published, title, text, style="ascii"):
    ORIGINALS.append(dict(key=key, lang=lang, source=source, published=published,
                          title=title, paras=paras_of(text), style=style))


def copy(key, source, delay, edits, **params):
    """delay: minutes after the original (int), "date" for a date-only field, None for null."""
    COPIES[key].append(dict(source=source, delay=delay, edits=edits.split("+"), **params))


def neg(key, tag, lang, source, published, title, text):
    kind = {"same": "negative_same_event", "brief": "negative_same_event",
            "update": "negative_rewrite_update", "quote": "negative_embeds_quote"}[tag]
    NEGATIVES.append(dict(id=f"neg-{key}-{tag}", key=key, tag=tag, kind=kind, lang=lang,
                          source=source, published=published, title=title,
                          text="\n\n".join(p.strip() for p in text.strip().split("\n\n"))))


# --------------------------------------------------------------------------- typography

QUOTES = {"fr": ("«\u00a0", "\u00a0»"), "en": ("“", "”"), "de": ("„", "“"),
          "es": ("«", "»"), "it": ("«", "»"), "pt": ("«", "»")}


def render(s: str, lang: str, style: str, dash: str = "–") -> str:
    """Render an ascii-typed string in the given style."""
    if s is None or style == "ascii":
        return s
    o, c = QUOTES[lang]
    s = re.sub(r'"([^"\n]*)"', lambda m: o + m.group(1) + c, s)
    s = s.replace("'", "’").replace("...", "…").replace(" - ", f" {dash} ")
    if lang == "fr":
        s = re.sub(r" ?([;!?])(?=\s|$|\u00a0»)", "\u202f\\1", s)
        s = re.sub(r"(?<=[^\s\d]) ?:(?=\s)", "\u00a0:", s)
        s = re.sub(r"(?<=\d) ?%", "\u00a0%", s)
        s = re.sub(r"(?<=\d) (?=\d{3}(?!\d))", "\u202f", s)
    return s


# --------------------------------------------------------------------------- boilerplate

AGENCY_COPYRIGHT = {
    "AFP": "© Agence France-Presse. Tous droits de reproduction et de représentation réservés.",
    "ATS": "© Keystone-ATS. Tous droits réservés.",
    "Reuters": "© {year} Reuters. All rights reserved.",
    "AP": "Copyright {year} The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed without permission.",
    "Xinhua": "Source: Xinhua",
    "dpa": "© dpa-infocom, dpa:{code}",
    "EFE": "© EFE {year}. Está expresamente prohibida la redistribución y la redifusión de todo o parte de los contenidos de los servicios de EFE, sin previo y expreso consentimiento de la Agencia EFE S.A.",
    "ANSA": "RIPRODUZIONE RISERVATA © Copyright ANSA",
    "Lusa": "© Lusa - Agência de Notícias de Portugal, S.A.",
}

BP = {
    "fr": dict(
        top=["Nous utilisons des cookies pour améliorer votre expérience, mesurer l'audience et vous proposer des contenus personnalisés. En poursuivant votre navigation, vous acceptez leur utilisation.\nTout accepter | Tout refuser | Personnaliser",
             "Accueil > {sec} > Actualités",
             "Publié le {d} à {t} - Mis à jour le {d} à {t2}",
             "Par La Rédaction avec {agency}",
             "Partager\nFacebook\nX\nLinkedIn\nCopier le lien",
             "Temps de lecture : {m} min"],
        mid=["Lire aussi : {h}", "À LIRE AUSSI\n{h}", "Publicité"],
        bottom=["{copyright}",
                "Abonnez-vous à la newsletter de {src} : recevez chaque matin l'essentiel de l'actualité.\nJe m'inscris",
                "Vous avez repéré une erreur ? Signalez-la à la rédaction.",
                "Partager cet article : Facebook · X · WhatsApp · E-mail",
                "Commentaires ({c})",
                "Sur le même sujet\n{h}\n{h2}"],
        secs=["Société", "Économie", "Régions", "France", "Monde", "Sports", "Sciences"],
        heads=["Retraites : ce qui change au 1er juillet pour les fonctionnaires",
               "Immobilier : les taux de crédit repassent sous les 3,5 %",
               "Ligue 1 : le PSG se rassure avant la Ligue des champions",
               "Météo : un week-end ensoleillé mais frais sur la moitié nord",
               "Carburants : où faire le plein au meilleur prix cette semaine",
               "Baccalauréat : les dates des épreuves de philosophie dévoilées",
               "Santé : la campagne de vaccination contre la grippe prolongée",
               "Faits divers : un incendie ravage un entrepôt près de Rouen"],
        date="%d/%m/%Y", time="%Hh%M"),
    "en": dict(
        top=["We use cookies and similar technologies to personalise content and ads, and to analyse our traffic. By clicking \"Accept all\", you agree to this.\nAccept all | Manage preferences",
             "Home > {sec}",
             "Published {d} {t} | Updated {d} {t2}",
             "By {src} staff and wire reports",
             "Share this article\nFacebook\nX\nEmail\nCopy link",
             "Listen to this article · {m} min"],
        mid=["Related: {h}", "ADVERTISEMENT", "READ MORE: {h}"],
        bottom=["{copyright}",
                "Sign up for the {src} morning briefing\nEnter your email address\nSubscribe",
                "Have a news tip? Contact our newsroom.",
                "More from {src}\n{h}\n{h2}",
                "Comments ({c})"],
        secs=["News", "Business", "World", "US News", "Science", "Sport", "Weather"],
        heads=["Mortgage rates fall for third straight week",
               "City council approves new bike lanes downtown",
               "What to stream this weekend: five picks",
               "Gas prices tick up ahead of holiday travel",
               "High school football: scores and highlights",
               "How to protect your phone from scam texts",
               "Zoo welcomes twin red panda cubs",
               "Five things to know before markets open"],
        date="%B %d, %Y", time="%I:%M %p"),
    "de": dict(
        top=["Wir verwenden Cookies und ähnliche Technologien, um Inhalte zu personalisieren und die Zugriffe auf unsere Website zu analysieren.\nAlle akzeptieren | Ablehnen | Einstellungen",
             "Startseite > {sec}",
             "Veröffentlicht am {d} um {t} Uhr, aktualisiert um {t2} Uhr",
             "Von {src}-Redaktion mit Material von {agency}",
             "Teilen: Facebook | X | WhatsApp | E-Mail",
             "Lesezeit: {m} Minuten"],
        mid=["Lesen Sie auch: {h}", "Anzeige", "Mehr zum Thema: {h}"],
        bottom=["{copyright}",
                "Newsletter abonnieren: Die wichtigsten Nachrichten jeden Morgen in Ihrem Postfach.",
                "Haben Sie einen Fehler entdeckt? Schreiben Sie uns.",
                "Kommentare ({c})",
                "Weitere Artikel\n{h}\n{h2}"],
        secs=["Bayern", "Politik", "Wirtschaft", "Panorama", "Region", "Lokales"],
        heads=["Spritpreise: Diesel wieder teurer als im Vormonat",
               "Bundesliga: Bayern gewinnt Topspiel in Dortmund",
               "Wetter: Am Wochenende wird es sommerlich warm",
               "Rente: Was sich zum 1. Juli ändert",
               "Mieten in Großstädten steigen weiter",
               "Neue Radwege: Stadtrat gibt grünes Licht",
               "Polizei warnt vor falschen Handwerkern"],
        date="%d.%m.%Y", time="%H:%M"),
    "es": dict(
        top=["Utilizamos cookies propias y de terceros para mejorar nuestros servicios y mostrarle publicidad relacionada con sus preferencias. Si continúa navegando, consideramos que acepta su uso.\nAceptar | Configurar",
             "Portada > {sec}",
             "Actualizado {d} - {t} h",
             "Redacción {src} / {agency}",
             "Compartir en Facebook Compartir en X Compartir en WhatsApp Enviar por correo"],
        mid=["Te puede interesar: {h}", "Publicidad", "Lee también: {h}"],
        bottom=["{copyright}",
                "Suscríbete a nuestro boletín y recibe cada mañana las noticias más importantes del día.",
                "Comentarios ({c})",
                "Más noticias\n{h}\n{h2}"],
        secs=["Comunitat Valenciana", "Sociedad", "Ciencia", "Nacional", "Última hora"],
        heads=["El precio de la luz baja un 12 % este fin de semana",
               "La Aemet avisa de tormentas en el interior peninsular",
               "El Valencia ficha a un central para la próxima temporada",
               "Sanidad amplía la campaña de vacunación de la gripe",
               "Colas kilométricas en la operación salida de agosto",
               "El Euríbor cierra el mes en su nivel más bajo del año"],
        date="%d/%m/%Y", time="%H:%M"),
    "it": dict(
        top=["Questo sito utilizza cookie tecnici e di profilazione, anche di terze parti. Cliccando su «Accetta» acconsenti al loro utilizzo.\nAccetta | Rifiuta | Personalizza",
             "Home > {sec}",
             "Pubblicato il {d} alle {t}",
             "Redazione {src}",
             "Condividi: Facebook Twitter WhatsApp Email"],
        mid=["Leggi anche: {h}", "Pubblicità", "Potrebbe interessarti: {h}"],
        bottom=["{copyright}",
                "Iscriviti alla newsletter per ricevere ogni mattina le notizie più importanti.",
                "Commenti ({c})",
                "Ultime notizie\n{h}\n{h2}"],
        secs=["Cultura", "Campania", "Cronaca", "Arte"],
        heads=["Caro voli, i prezzi per l'estate salgono del 15%",
               "Serie A, il Napoli vince in rimonta al Maradona",
               "Meteo, arriva il primo caldo africano della stagione",
               "Scuola, le date della maturità 2025",
               "Traffico in tilt sulla tangenziale di Napoli"],
        date="%d/%m/%Y", time="%H:%M"),
    "pt": dict(
        top=["Este site utiliza cookies para melhorar a sua experiência de navegação. Ao continuar, está a concordar com a sua utilização.\nAceitar | Definições",
             "Início > {sec}",
             "Publicado a {d} às {t}",
             "Por {src} com {agency}",
             "Partilhar: Facebook X WhatsApp E-mail"],
        mid=["Leia também: {h}", "Publicidade", "Veja também: {h}"],
        bottom=["{copyright}",
                "Subscreva a nossa newsletter e receba as principais notícias todas as manhãs.",
                "Comentários ({c})",
                "Mais notícias\n{h}\n{h2}"],
        secs=["Economia", "Negócios", "País", "Agricultura"],
        heads=["Preço dos combustíveis desce na próxima semana",
               "Benfica vence clássico no Dragão",
               "IPMA prevê chuva forte no Norte e Centro",
               "Taxa Euribor recua pelo terceiro mês consecutivo",
               "Greve dos comboios afeta linhas de Sintra e Cascais"],
        date="%d/%m/%Y", time="%H:%M"),
}


def boilerplate(paras, lang, rng, src, agency, when: datetime):
    bp = BP[lang]
    heads = rng.sample(bp["heads"], 3)
    fmt = dict(sec=rng.choice(bp["secs"]), d=when.strftime(bp["date"]), t=when.strftime(bp["time"]),
               t2=(when + timedelta(minutes=rng.randint(20, 240))).strftime(bp["time"]),
               agency=agency, src=src, m=rng.randint(2, 6), c=rng.randint(0, 48),
               h=heads[0], h2=heads[1], year=when.year,
               code=f"{when:%y%m%d}-930-{rng.randint(100000, 999999)}/{rng.randint(1, 4)}")
    fmt["copyright"] = AGENCY_COPYRIGHT[agency].format(**fmt)
    ntop = rng.randint(1, 3)
    top = [bp["top"][i] for i in sorted(rng.sample(range(len(bp["top"])), ntop))]
    nbot = rng.randint(1, 3)
    bottom = [bp["bottom"][i] for i in sorted(rng.sample(range(len(bp["bottom"])), nbot))]
    out = list(paras)
    if rng.random() < 0.7 and len(out) >= 3:
        fmt["h"] = heads[2]
        out.insert(rng.randint(2, len(out) - 1), rng.choice(bp["mid"]).format(**fmt))
        fmt["h"] = heads[0]
    return [x.format(**fmt) for x in top] + out + [x.format(**fmt) for x in bottom]


# --------------------------------------------------------------------------- edits

def subst(paras, pairs, what):
    text = "\n\n".join(paras)
    for old, new in pairs:
        assert old in text, f"{what}: not found: {old!r}"
        text = text.replace(old, new, 1)
    return text.split("\n\n")


def reorder(paras, rng):
    movable = [i for i in range(1, len(paras)) if not paras[i].startswith("(")]
    out = list(paras)
    for _ in range(rng.randint(1, 2)):
        i = rng.choice(movable)
        p = out.pop(i)
        j = rng.choice([k for k in movable if k != i])
        out.insert(j, p)
    if out == paras:  # make sure something moved
        out[movable[0]], out[movable[1]] = out[movable[1]], out[movable[0]]
    return out


def trim(paras, keep, total):
    cum, best = 0, None
    for k in range(1, len(paras)):
        cum += nwords(paras[k - 1])
        d = abs(cum - keep * total)
        if best is None or d < best[0]:
            best = (d, k)
    return paras[: best[1]]


def parse_when(s):
    return datetime.fromisoformat(s)


def make_copy(o, spec, n, stats):
    key, lang = o["key"], o["lang"]
    rng = random.Random(f"dedup-dev/{key}/{n}")
    edits = spec["edits"]
    assert all(e in EDIT_KINDS for e in edits), edits
    assert len(set(edits)) == len(edits)
    needs = {"headline": "title", "local_intro": "intro", "trimmed_end": "keep",
             "update_figures": "figs", "light_rewrite": "rw", "paragraph_inserted": "ins"}
    for e, p in needs.items():
        assert (e in edits) == (p in spec), f"{key} c{n}: edit {e} vs param {p}"
    paras, title = list(o["paras"]), o["title"]
    total = sum(nwords(p) for p in paras)
    if "update_figures" in edits:
        paras = subst(paras, spec["figs"], f"{key} c{n} figs")
    if "light_rewrite" in edits:
        paras = subst(paras, spec["rw"], f"{key} c{n} rw")
    if "paragraph_inserted" in edits:
        i, t = spec["ins"]
        paras.insert(i, paras_of(t)[0])
    if "reordered_paragraphs" in edits:
        paras = reorder(paras, rng)
    if "trimmed_end" in edits:
        paras = trim(paras, spec["keep"], total)
    body_ratio = sum(nwords(p) for p in paras) / total
    if "local_intro" in edits:
        paras = paras_of(spec["intro"]) + paras
    if "headline" in edits:
        title = spec["title"]
    style = o["style"]
    if "typography" in edits:
        style = "ascii" if style == "typo" else "typo"
    dash = rng.choice(["–", "—"]) if lang in ("fr", "en") else "–"
    paras = [render(p, lang, style, dash) for p in paras]
    title = render(title, lang, style, dash)
    when = parse_when(o["published"])
    if spec["delay"] is None:
        published = None
    elif spec["delay"] == "date":
        published = when.date().isoformat()
    else:
        when = when + timedelta(minutes=spec["delay"])
        published = when.isoformat()
    sep = "\n\n"
    if "boilerplate" in edits:
        paras = boilerplate(paras, lang, rng, spec["source"], o["source"], when)
        sep = rng.choice(["\n\n", "\n\n", "\n"])
    if HARD <= set(edits):
        assert 0.40 <= body_ratio <= 0.60, f"{key} c{n}: hard copy keeps {body_ratio:.2f}"
    stats[f"{key}-c{n}"] = body_ratio
    edit = "+".join(e for e in EDIT_KINDS if e in edits)
    return dict(id=f"{key}-c{n}", cluster=key, language=lang, source=spec["source"],
                published=published, title=title, edit=edit, text=sep.join(paras))


def build():
    records, stats = [], {}
    keys = [o["key"] for o in ORIGINALS]
    assert len(set(keys)) == len(keys)
    assert set(COPIES) <= set(keys)
    for o in ORIGINALS:
        w = sum(nwords(p) for p in o["paras"])
        assert 200 <= w <= 700, f"{o['key']}: {w} words"
        records.append(dict(id=f"{o['key']}-orig", cluster=o["key"], language=o["lang"],
                            source=o["source"], published=o["published"],
                            title=render(o["title"], o["lang"], o["style"]), edit="original",
                            text="\n\n".join(render(p, o["lang"], o["style"]) for p in o["paras"])))
        specs = COPIES[o["key"]]
        assert 2 <= len(specs) <= 5, o["key"]
        for n, spec in enumerate(specs, 1):
            records.append(make_copy(o, spec, n, stats))
    for g in NEGATIVES:
        assert g["key"] in keys, g["id"]
        w = nwords(g["text"])
        if g["tag"] == "brief":
            assert 60 <= w <= 100, f"{g['id']}: {w} words"
        records.append(dict(id=g["id"], cluster=g["id"], language=g["lang"], source=g["source"],
                            published=g["published"], title=g["title"], edit=g["kind"], text=g["text"]))
    return records, stats


# =========================================================================== ORIGINALS
# ---------------------------------------------------------------- French (8)

orig("fr01", "fr", "AFP", "2025-03-12T19:05:00+01:00",
     "Déserts médicaux: l'Assemblée adopte la régulation de l'installation des médecins", """
L'Assemblée nationale a adopté mercredi en première lecture une proposition de loi transpartisane visant à réguler l'installation des médecins libéraux dans les zones déjà bien dotées, une mesure réclamée depuis des années par les élus ruraux mais combattue par la quasi-totalité des syndicats de praticiens.

Le texte, porté par le député de la Mayenne Antoine Delorme (Liot), a été voté par 214 voix contre 139. Il prévoit qu'un médecin souhaitant s'installer dans un territoire où l'offre de soins est jugée suffisante ne pourra le faire qu'en remplacement d'un confrère partant à la retraite.

"C'est une victoire pour les six millions de Français qui n'ont pas de médecin traitant", s'est félicité M. Delorme dans l'hémicycle, sous les applaudissements d'une partie de la gauche et du centre. "Nous ne demandons pas aux médecins de travailler plus, nous leur demandons de mieux se répartir."

La ministre de la Santé, Claire Vasseur, avait émis un avis de "sagesse", sans soutenir ni combattre le dispositif. "Le gouvernement partage l'objectif, mais je crains que la contrainte ne décourage les jeunes générations", a-t-elle déclaré, plaidant plutôt pour le développement des maisons de santé et de la télémédecine.

Selon les chiffres de la Drees cités pendant les débats, 87% du territoire est aujourd'hui classé en zone sous-dotée. La densité de médecins généralistes varie du simple au triple selon les départements, de 62 pour 100 000 habitants dans l'Eure à 181 dans les Hautes-Alpes.

Les syndicats de médecins libéraux ont immédiatement dénoncé un "coup de force". Le Syndicat national des médecins de ville (SNMV) a appelé à une journée de fermeture des cabinets le 27 mars, tandis que l'intersyndicale des internes a évoqué une "grève illimitée" des gardes si le texte était adopté en l'état par le Sénat.

"On va dégoûter les jeunes de la médecine libérale. Ceux qui ne pourront pas s'installer où ils veulent iront à l'hôpital ou partiront à l'étranger", a averti sur franceinfo le président du SNMV, le docteur Philippe Argenson.

Le texte doit désormais être examiné par le Sénat, où la majorité de droite et du centre s'est jusqu'ici montrée réticente à toute mesure de régulation. Un accord entre les deux chambres semble incertain avant l'été.

Plusieurs tentatives similaires avaient échoué depuis 2012, la dernière en 2023 à quelques voix près.
""")

orig("fr02", "fr", "AFP", "2025-01-14T08:37:00+01:00",
     "Tempête Hervé: 180 000 foyers privés d'électricité en Bretagne et en Normandie", """
Quelque 180 000 foyers étaient privés d'électricité mardi matin en Bretagne et en Normandie après le passage dans la nuit de la tempête Hervé, qui a provoqué des rafales dépassant 140 km/h sur le littoral, a annoncé Enedis.

Le Finistère est le département le plus touché, avec 72 000 clients coupés, devant les Côtes-d'Armor (41 000) et la Manche (29 000). "Nos équipes sont mobilisées depuis 4 heures du matin, mais les conditions restent dangereuses et certaines interventions ne pourront pas débuter avant la mi-journée", a indiqué à l'AFP un porte-parole d'Enedis Bretagne.

Une rafale de 148 km/h a été enregistrée à la pointe du Raz, et de 136 km/h à Barfleur, selon Météo-France, qui a maintenu la vigilance orange pour vents violents dans sept départements jusqu'à 16 heures.

Les pompiers du Finistère ont effectué plus de 600 interventions dans la nuit, principalement pour des chutes d'arbres et des toitures arrachées. Un automobiliste a été légèrement blessé près de Quimperlé lorsqu'un arbre est tombé sur son véhicule, selon la préfecture.

Le trafic ferroviaire était fortement perturbé: la SNCF a suspendu toutes les circulations de TER entre Brest et Quimper jusqu'à nouvel ordre, et les TGV entre Paris et Brest accusaient des retards de plus d'une heure. Les liaisons maritimes vers les îles d'Ouessant, de Sein et de Groix ont été annulées pour la journée.

Dans plusieurs communes, les écoles sont restées fermées. "On a entendu un bruit énorme vers 2 heures, le toit du hangar est parti d'un coup", a raconté Yannick Le Goff, éleveur à Plouguerneau, joint par téléphone.

Selon Météo-France, la tempête devait s'éloigner vers la mer du Nord dans l'après-midi, mais une nouvelle dégradation est attendue jeudi avec de fortes pluies sur un sol déjà saturé, faisant craindre des crues dans le bassin de la Vilaine.

Hervé est la quatrième tempête nommée à toucher la France depuis le début de l'automne.
""")

orig("fr03", "fr", "AFP", "2025-02-05T18:20:00+01:00",
     "Détournement de fonds: trois ans de prison dont un ferme requis contre l'ex-maire de Montrevel-sur-Saône", """
Le parquet a requis mercredi trois ans d'emprisonnement, dont un an ferme, et cinq ans d'inéligibilité contre Gérard Montel, ancien maire de Montrevel-sur-Saône (Rhône), jugé devant le tribunal correctionnel de Lyon pour détournement de fonds publics et prise illégale d'intérêts.

L'ancien élu divers droite, qui a dirigé la commune de 11 000 habitants de 2008 à 2023, est soupçonné d'avoir fait financer par la mairie, pour un montant total d'environ 412 000 euros, des travaux dans une salle de réception appartenant à son beau-frère, ainsi que des voyages présentés comme des déplacements officiels.

"Pendant quinze ans, M. Montel a confondu la caisse de la commune avec son propre portefeuille", a lancé la procureure Hélène Sarrazin dans son réquisitoire. "Ce n'est pas une erreur de gestion, c'est un système."

Elle a également requis une amende de 50 000 euros et la confiscation d'un appartement à Annecy acquis en 2017, ainsi que des peines de dix-huit mois avec sursis contre son ancien directeur général des services et de douze mois avec sursis contre le beau-frère.

À la barre, Gérard Montel, 67 ans, a contesté tout enrichissement personnel. "Je n'ai jamais pris un euro pour moi. Cette salle servait aux associations de la commune, tout le monde le sait", a-t-il affirmé, la voix tremblante, en évoquant "une cabale politique" menée par son successeur.

Son avocat, Me François Dallier, doit plaider jeudi la relaxe. Il a dénoncé auprès de l'AFP "une enquête à charge" et "des réquisitions hors de proportion avec la réalité du dossier".

L'affaire avait éclaté en 2021 après un signalement de la chambre régionale des comptes, qui avait relevé de "graves irrégularités" dans l'attribution de plusieurs marchés publics. La commune, qui s'est constituée partie civile, réclame le remboursement de l'intégralité des sommes.

Le jugement devrait être mis en délibéré à plusieurs semaines.
""")

orig("fr04", "fr", "AFP", "2025-03-28T09:12:00+01:00",
     "L'inflation ralentit à 1,7% sur un an en mars, selon l'Insee", """
La hausse des prix à la consommation a ralenti en mars en France, à 1,7% sur un an après 2,0% en février, selon une estimation provisoire publiée vendredi par l'Insee, portée notamment par un nouveau recul des prix de l'énergie.

Sur un mois, les prix ont progressé de 0,2%, après une hausse de 0,8% en février liée à la fin des soldes d'hiver. L'indice harmonisé, qui sert de référence à la Banque centrale européenne, s'établit à 1,9% sur un an, contre 2,3% le mois précédent.

Les prix de l'énergie ont reculé de 3,4% sur un an, sous l'effet de la baisse des cours du pétrole et de la diminution de 15% du tarif réglementé de l'électricité entrée en vigueur le 1er février. Le prix du gazole à la pompe est repassé sous la barre de 1,60 euro le litre pour la première fois depuis l'été 2023.

L'alimentation, qui avait tiré l'inflation vers le haut en 2022 et 2023, reste quasi stable (+0,6% sur un an). Les produits frais augmentent en revanche de 4,1%, pénalisés par de mauvaises récoltes de légumes dans le sud de l'Europe.

Les prix des services, qui représentent près de la moitié du panier de consommation, restent le principal moteur de la hausse, à +2,9% sur un an, en raison notamment des loyers et des tarifs des assurances.

"La désinflation se poursuit à un rythme plus rapide que prévu, ce qui laisse de la marge à la BCE pour baisser encore ses taux", estime Mathilde Roux, économiste chez Arcadia Gestion. "Mais la persistance de l'inflation dans les services montre que le retour durable à 2% n'est pas encore acquis."

Le ministre de l'Economie, Bertrand Lavergne, a salué sur X "une bonne nouvelle pour le pouvoir d'achat des Français", en rappelant que les salaires progressaient désormais "plus vite que les prix".

L'Insee publiera le 15 avril ses chiffres définitifs pour le mois de mars.
""")

orig("fr05", "fr", "ATS", "2024-10-01T10:30:00+02:00",
     "Les glaciers suisses ont perdu 2,9% de leur volume en 2024", """
Les glaciers suisses ont encore fondu de manière massive en 2024, perdant 2,9% de leur volume, malgré un hiver riche en neige, selon le bilan annuel publié mardi par le réseau de surveillance des glaciers Glamos et l'Académie suisse des sciences naturelles (SCNAT).

Il s'agit de la quatrième perte la plus importante jamais mesurée, après les années record 2022 (-5,9%) et 2023 (-4,4%). En dix ans, les glaciers du pays ont perdu près d'un tiers de leur volume, soit environ 18 kilomètres cubes de glace.

Les chutes de neige abondantes de l'hiver avaient pourtant laissé espérer un répit. Au printemps, l'enneigement dépassait de 30% la moyenne en haute altitude. Mais des épisodes répétés de poussière saharienne ont assombri la surface de la neige, accélérant sa fonte, et la chaleur du mois d'août a fait le reste.

"Août a effacé en trois semaines les gains de tout l'hiver", résume le glaciologue Marco Bernasconi, responsable des mesures de Glamos à l'EPFZ. "On ne voit aucune tendance à l'inversion, au contraire."

Les glaciers du sud et de l'est du pays, notamment dans les Grisons et au Tessin, sont les plus touchés. Le glacier du Basòdino (TI) a perdu plus de deux mètres d'épaisseur en moyenne. Dans les Alpes valaisannes, les pertes sont un peu moins marquées, autour de 1,5 mètre.

Plusieurs petits glaciers ont désormais disparu des relevés. Le glacier du Pizol, déclaré "mort" en 2019, n'est plus qu'un amas de glace résiduelle, et les chercheurs ont renoncé à mesurer celui de St. Annafirn dans le canton d'Uri.

Selon la SCNAT, même si les objectifs de l'accord de Paris étaient atteints, les glaciers suisses perdraient d'ici 2100 environ deux tiers de leur volume actuel. Sans réduction rapide des émissions, ils disparaîtraient presque complètement.

Glamos surveille quelque 180 glaciers sur les 1400 que compte la Suisse.
""", style="typo")

orig("fr06", "fr", "AFP", "2025-03-14T17:05:00+01:00",
     "Paris-Nice: Théo Marchand s'impose au sommet de la Loge des Gardes", """
Le Français Théo Marchand (Solano-Vélo) a remporté vendredi la sixième étape de Paris-Nice, disputée entre Saint-Just-en-Chevalet et la Loge des Gardes, en devançant au sprint le Danois Mikkel Halvorsen (Nordhavn) au terme d'une montée finale disputée sous la neige.

A 24 ans, le grimpeur savoyard signe le plus beau succès de sa carrière, après une deuxième place au Tour de Catalogne l'an dernier. "J'en rêvais depuis que je suis gamin. Je regardais Paris-Nice à la télé avec mon grand-père, alors gagner ici, c'est énorme", a-t-il déclaré au micro de France Télévisions, les larmes aux yeux.

L'étape, longue de 162,5 km, a été marquée par une échappée de huit coureurs reprise à 11 kilomètres de l'arrivée, puis par une série d'attaques dans l'ascension finale (6,7 km à 7,1%). Marchand a suivi l'accélération décisive de Halvorsen à 800 mètres du sommet avant de le déborder dans les cinquante derniers mètres.

Au classement général, le Belge Jonas Verbeke (Team Flandria) conserve le maillot jaune avec 19 secondes d'avance sur Halvorsen et 34 secondes sur Marchand, qui remonte à la troisième place.

"Je perds quelques secondes mais le maillot reste sur mes épaules, c'est l'essentiel", a commenté Verbeke, arrivé quatrième à 6 secondes. "Dimanche à Nice, tout peut encore arriver."

Le froid a rendu la course éprouvante: la température ne dépassait pas 1°C au sommet, et plusieurs coureurs ont abandonné dans la descente du col de la Croix-de-l'Homme-Mort, dont l'Espagnol Álvaro Ruiz, dixième au général au départ de l'étape.

Samedi, la septième étape conduira les coureurs de Nice à Auron sur 143 km, avec une arrivée au sommet inédite. La course s'achèvera dimanche par le traditionnel circuit autour de Nice et le col d'Eze.
""")

orig("fr07", "fr", "AFP", "2025-04-08T14:48:00+02:00",
     "Moselle: l'équipementier Valtrex va fermer son usine de Sarreguemines, 430 emplois menacés", """
L'équipementier automobile Valtrex a annoncé mardi la fermeture d'ici à la fin de l'année de son usine de Sarreguemines (Moselle), qui emploie 430 salariés, invoquant l'effondrement des commandes de pièces pour moteurs thermiques.

La direction a présenté le projet lors d'un comité social et économique (CSE) extraordinaire convoqué dans la matinée. Le site, qui fabrique des collecteurs d'échappement pour plusieurs constructeurs européens, a vu ses volumes baisser de 38% en deux ans, selon un document remis aux élus du personnel et consulté par l'AFP.

"La transition vers l'électrique est plus rapide que ce que nous avions anticipé, et nous n'avons pas trouvé de solution industrielle viable pour ce site", a justifié dans un communiqué le directeur général France du groupe, Laurent Keller. Valtrex propose le reclassement d'une partie des salariés sur son site de Metz-Borny, qui doit produire des boîtiers de batterie.

Mais les syndicats jugent cette offre très insuffisante: une centaine de postes seulement seraient concernés. "On nous parle de reclassement, mais on sait tous que la majorité des gars vont se retrouver à Pôle emploi à 50 ans passés", a réagi Sandrine Weber, déléguée CGT, devant l'usine où environ 200 salariés se sont rassemblés en début d'après-midi.

Les salariés ont voté la grève illimitée et bloquaient en fin de journée l'accès au site. Une intersyndicale CGT-CFDT-FO doit être reçue vendredi à la préfecture de Metz.

Le maire de Sarreguemines a dénoncé "un coup de massue pour tout le bassin", rappelant que l'usine était le deuxième employeur privé de la ville. Le président de la région Grand Est a demandé au groupe de "tout mettre en oeuvre pour trouver un repreneur" et assuré que la région était prête à accompagner financièrement un projet de reprise.

Valtrex, qui emploie 9 000 personnes dans le monde dont 2 300 en France, avait déjà fermé en 2023 un site de 180 salariés dans l'Oise. Le groupe a publié en 2024 une perte nette de 112 millions d'euros.
""")

orig("fr08", "fr", "AFP", "2025-05-22T16:00:00+02:00",
     "Un nouveau dinosaure découvert dans l'Hérault, le plus complet jamais trouvé en France", """
Des paléontologues ont annoncé jeudi la découverte dans l'Hérault d'une nouvelle espèce de dinosaure herbivore vieille d'environ 72 millions d'années, dont le squelette est le plus complet jamais mis au jour en France.

Baptisé Occitanosaurus minervensis, en référence à la région du Minervois où il a été trouvé, l'animal mesurait environ huit mètres de long et pesait près de trois tonnes, selon l'étude publiée dans la revue Journal of Vertebrate Paleontology.

Les fouilles, menées depuis 2019 sur le site de Cruzy par une équipe associant le CNRS, le Muséum national d'histoire naturelle et des bénévoles de l'association locale des Amis du patrimoine de Cruzy, ont permis de dégager près de 70% du squelette, dont un crâne presque intact.

"C'est extrêmement rare. En Europe, on trouve en général des os isolés, une vertèbre, un fémur. Là, nous avons un animal pratiquement entier, encore en connexion anatomique", explique Camille Ferrand, paléontologue au CNRS et première auteure de l'étude.

L'analyse du crâne montre que l'Occitanosaurus appartient à la famille des rhabdodontidés, des dinosaures herbivores propres à l'Europe de la fin du Crétacé, qui vivaient alors sur un archipel d'îles tropicales. Sa denture, formée de dents larges en forme de feuille, suggère qu'il se nourrissait de plantes coriaces.

Les chercheurs ont également identifié sur une côte des traces de morsure attribuées à un prédateur, probablement un abélisauridé, qui s'est nourri de la carcasse après la mort de l'animal.

"Ce spécimen va nous permettre de comprendre comment ces dinosaures insulaires ont évolué, isolés du reste du monde pendant des millions d'années", souligne Jean-Marc Pelissier, du Muséum, co-auteur de l'étude.

Le squelette doit être présenté au public à partir de juin au musée de Cruzy, avant une exposition itinérante prévue en 2026 à Montpellier et Paris.
""")

# ---------------------------------------------------------------- English (5)

orig("en01", "en", "Reuters", "2025-05-07T07:15:00+01:00",
     "Brightwater Airlines to cut 1,800 jobs as quarterly loss widens", """
LONDON, May 7 (Reuters) - Brightwater Airlines said on Wednesday it would cut about 1,800 jobs, roughly 9% of its workforce, and retire its oldest Airbus A320 jets early after posting a wider-than-expected first-quarter loss, sending its shares down 11% in early trading.

The British carrier reported a pre-tax loss of 214 million pounds ($285 million) for the three months to March, compared with a loss of 131 million pounds a year earlier and analysts' average forecast of 165 million pounds, according to LSEG data.

Chief Executive Fiona Gallagher blamed higher fuel and maintenance costs, engine inspections that have grounded 14 aircraft, and weaker demand on routes to southern Europe during the early spring.

"We have to be honest with ourselves: our cost base is too high for the market we are operating in," Gallagher told reporters on a call. "These are painful decisions, but they are necessary to protect the airline and the remaining 18,000 jobs."

Most of the cuts will fall on head office and maintenance roles in London and Manchester, the company said, adding that it would open talks with the unions in the coming weeks. The pilots' union said it had not been consulted and would "resist any compulsory redundancies."

Brightwater kept its full-year capacity guidance unchanged but said it now expected unit costs excluding fuel to rise by a low-single-digit percentage, against previous guidance of flat costs.

The airline also said it had agreed to sell and lease back six Airbus A321neo aircraft to raise about 300 million pounds, strengthening a balance sheet that analysts have worried about since it took on debt during the pandemic.

"The job cuts were expected, but the scale of the loss is a surprise, and the sale-and-leaseback deals suggest liquidity is tighter than management admits," said Ravi Menon, an analyst at Halverson Securities.

Brightwater shares have fallen about 30% since the start of the year, underperforming rivals.

(Reporting by Kate Holloway; Editing by Mark Potter)
""")

orig("en02", "en", "AP", "2025-06-18T16:40:00-04:00",
     "Ohio man convicted of running $48 million Ponzi scheme that targeted church members", """
COLUMBUS, Ohio (AP) — A federal jury on Wednesday convicted a suburban Columbus financial adviser of running a Ponzi scheme that took about $48 million from more than 600 investors, many of them members of churches where he gave free retirement seminars.

Darren Whitlock, 54, of Dublin, Ohio, was found guilty of 14 counts of wire fraud, three counts of securities fraud and one count of money laundering after a three-week trial. He faces up to 20 years in prison on the most serious counts. Sentencing was set for Oct. 2.

Prosecutors said Whitlock promised investors guaranteed annual returns of 9% to 12% through what he described as a "faith-based income fund" invested in real estate loans. In reality, they said, he used money from new investors to pay earlier ones and spent millions on a lake house, luxury vehicles and private school tuition.

"He used trust as a weapon," Assistant U.S. Attorney Laura Pinkney told jurors in closing arguments Monday. "He stood in front of congregations and told them their savings were safe, and then he took everything."

Several victims testified during the trial, including a retired school bus driver who said she lost her entire $310,000 retirement account and now works part time at a grocery store.

Whitlock's attorney, Michael Serrano, argued that his client was a poor businessman, not a criminal, and that the real estate market downturn caused the fund's losses. Serrano said after the verdict that they would appeal.

"We respect the jury's decision, but we believe important evidence was kept from them," he said outside the courthouse.

The scheme collapsed in 2022 when investors could not withdraw their money. A court-appointed receiver has so far recovered about $11 million, which will be distributed to victims.

Whitlock remains in custody.
""")

orig("en03", "en", "AP", "2025-04-27T09:50:00-05:00",
     "Tornadoes kill 4 in Oklahoma as severe storms sweep across southern Plains", """
OKLAHOMA CITY (AP) — Tornadoes tore through parts of Oklahoma overnight, killing at least four people, injuring dozens and flattening homes in several small towns as a powerful storm system swept across the southern Plains, officials said Sunday.

Three of the deaths occurred in Stephens County, where a tornado struck the outskirts of Marlow shortly after 11 p.m. Saturday, Oklahoma Emergency Management spokesperson Kendra Hollis said. A fourth person was killed when a tree fell on a mobile home near Ada.

At least 37 people were treated at hospitals for injuries, Hollis said. Crews were still searching damaged buildings on Sunday morning, and officials warned the toll could rise.

"It sounded like a freight train, and then the windows just blew in," said Marlow resident Tanya Ruiz, 41, who sheltered with her two children in a bathroom. "When we came out, the house across the street was just gone."

The National Weather Service said it had received more than 20 tornado reports across Oklahoma and north Texas on Saturday night. Survey teams will determine the strength of the tornadoes in the coming days, but preliminary reports suggested at least one was an EF3 with winds of about 150 mph (241 kph).

The governor declared a state of emergency for 12 counties, allowing state resources to be sent to the hardest-hit areas. About 68,000 homes and businesses were without power across Oklahoma on Sunday morning, according to PowerOutage.us.

The storms also brought large hail and flash flooding. In Wichita Falls, Texas, several cars were stranded on flooded roads, and firefighters rescued a man who had climbed onto the roof of his pickup truck.

Forecasters said more severe weather was possible Monday farther east, from Arkansas to western Tennessee, where millions of people are at risk of damaging winds, hail and isolated tornadoes.
""")

orig("en04", "en", "Reuters", "2025-07-09T16:00:00+01:00",
     "Heat stress has hit 77% of world's coral reefs since 2023, study finds", """
By Sarah Lindqvist

July 9 (Reuters) - More than three-quarters of the world's coral reef area has been hit by bleaching-level heat stress since early 2023, making the current event the most extensive on record, scientists said in a study published on Wednesday.

The study in the journal Nature Climate Change found that 77% of reef area across the Atlantic, Pacific and Indian oceans experienced heat stress high enough to cause bleaching between January 2023 and March 2025, surpassing the previous global event of 2014-2017, which affected 56%.

"We are seeing reefs that have never bleached before, and reefs that have not had time to recover from the last event," said lead author Daniel Okafor, a marine biologist at the University of Queensland. "The idea that some regions are safe refuges is getting harder to defend."

Bleaching occurs when corals under stress expel the colourful algae living in their tissues, leaving them white and vulnerable to starvation and disease. Corals can recover if temperatures drop quickly, but prolonged heat often kills them.

The researchers combined satellite sea surface temperature data with field surveys from 54 countries. They found mortality rates above 50% in parts of the Florida Keys, the Red Sea and western Australia, while reefs in the central Pacific fared comparatively better.

Coral reefs cover less than 1% of the ocean floor but support about a quarter of all marine species and provide food, coastal protection and tourism income to an estimated 500 million people.

The authors said efforts to breed heat-tolerant corals and restore damaged reefs could buy time but would not work at scale unless greenhouse gas emissions were cut sharply. "Restoration is a bandage. The wound is the warming," said co-author Marta Quiroga of the Spanish National Research Council.

Ocean temperatures have eased slightly since mid-2024 with the end of El Nino but remain well above long-term averages, the study said.

(Reporting by Sarah Lindqvist; Editing by Jan Harvey)
""")

orig("en05", "en", "Xinhua", "2025-05-25T18:30:00+08:00",
     "China's Zhou Yiming wins men's singles title at Malaysia Masters", """
KUALA LUMPUR, May 25 (Xinhua) -- China's Zhou Yiming claimed his first Super 500 title on Sunday, beating Denmark's Rasmus Kjeldsen 21-17, 18-21, 21-15 in the men's singles final of the Malaysia Masters badminton tournament.

The 22-year-old left-hander, ranked 19th in the world, saved two game points in the opening game before taking control with a run of six straight points. Kjeldsen, the third seed, fought back in the second game with his powerful smashes, but Zhou pulled away in the decider from 11-10 up.

"I was very nervous at the beginning, because it is my first final at this level," Zhou said after the 71-minute match. "My coach told me to be patient and make him move more, and in the third game I could feel he was getting tired."

Zhou had beaten top seed Anders Holm of Denmark in the quarterfinals and Indonesia's Bagas Pratama in a three-game semifinal on Saturday.

China also won the women's doubles title, with Liu Xinyi and Tang Ruoxi defeating Japan's Sayaka Mori and Aoi Ishida 21-14, 21-19. South Korea's Kim Ha-eun took the women's singles crown, beating Thailand's Pornpan Suksawat in straight games, while Malaysia's home pair Aaron Lim and Hafiz Rahman won the men's doubles to the delight of a packed Axiata Arena.

The Malaysia Masters offered total prize money of 500,000 U.S. dollars. Zhou earned 35,625 dollars and 9,200 ranking points, which are expected to lift him into the top 15 when the new rankings are published on Tuesday.

The players now head to Singapore for the Singapore Open, which starts on May 27.
""")

# ---------------------------------------------------------------- German (3)

orig("de01", "de", "dpa", "2025-02-20T06:45:00+01:00",
     "Warnstreik legt Nahverkehr in Bayern lahm", """
München (dpa/lby) - Ein ganztägiger Warnstreik hat am Donnerstag den öffentlichen Nahverkehr in mehreren bayerischen Städten weitgehend zum Erliegen gebracht. In München, Nürnberg, Augsburg und Regensburg blieben die meisten U-Bahnen, Straßenbahnen und Busse in den Depots, wie die Gewerkschaft Verdi mitteilte.

Verdi hatte die rund 9.000 Beschäftigten der kommunalen Verkehrsbetriebe zu dem Ausstand aufgerufen, der um 3.00 Uhr begann und bis Freitagmorgen dauern soll. Hintergrund sind die festgefahrenen Tarifverhandlungen mit dem Kommunalen Arbeitgeberverband Bayern (KAV).

Die Gewerkschaft fordert eine Lohnerhöhung von 8 Prozent, mindestens aber 350 Euro mehr im Monat, sowie drei zusätzliche freie Tage für Beschäftigte im Schichtdienst. Die Arbeitgeber haben bislang kein Angebot vorgelegt und verweisen auf die angespannte Haushaltslage der Kommunen.

"Die Beschäftigten fahren seit Jahren am Limit. Wer Personal halten will, muss jetzt etwas auf den Tisch legen", sagte Verdi-Verhandlungsführer Tobias Reindl am Morgen vor dem Betriebshof in München-Ost. Der KAV nannte den Streik "unverhältnismäßig", da die nächste Verhandlungsrunde bereits für den 3. März angesetzt sei.

Die Münchner Verkehrsgesellschaft (MVG) rief Fahrgäste auf, auf das Fahrrad umzusteigen oder Fahrten zu verschieben. Nicht betroffen waren die S-Bahnen, die von der Deutschen Bahn betrieben werden. Diese waren am Morgen allerdings deutlich voller als sonst, auf den Straßen bildeten sich in München lange Staus.

Auch zahlreiche Schulen meldeten, dass viele Schülerinnen und Schüler nicht rechtzeitig zum Unterricht kommen konnten. Das Kultusministerium hatte bereits am Mittwoch angekündigt, dass verspätetes Erscheinen an diesem Tag entschuldigt werde.

Verdi schloss weitere Streiks nicht aus, sollte es in der nächsten Runde kein verhandlungsfähiges Angebot geben. Der KAV erklärte, man werde am 3. März "ein seriöses Angebot" vorlegen, das die finanzielle Lage der Städte berücksichtige.
""", style="typo")

orig("de02", "de", "dpa", "2025-06-03T11:20:00+02:00",
     "Hochwasser in Passau: Donau-Pegel steigt auf 9,20 Meter", """
Passau (dpa) - Nach tagelangem Starkregen steigt die Donau in Passau weiter an. Am Dienstagvormittag lag der Pegelstand bei 9,20 Metern, wie der Hochwassernachrichtendienst Bayern mitteilte. Der Höchststand wird für die Nacht zum Mittwoch bei etwa 9,60 Metern erwartet. Die Stadt hat den Katastrophenfall ausgerufen.

Teile der Altstadt stehen bereits unter Wasser. Rund 1.300 Anwohner der Innstadt und der Ilzstadt wurden aufgefordert, ihre Wohnungen zu verlassen. In der Dreiländerhalle wurde eine Notunterkunft eingerichtet, in der nach Angaben der Stadt in der Nacht etwa 240 Menschen übernachteten.

"Wir haben aus 2013 gelernt, die mobilen Schutzwände stehen, aber gegen diese Wassermassen kommen auch wir nicht überall an", sagte ein Sprecher der Stadt, Florian Aigner. Die Lage sei angespannt, aber unter Kontrolle.

Mehr als 600 Einsatzkräfte von Feuerwehr, Technischem Hilfswerk (THW) und Wasserwacht sind im Einsatz. Sie füllten seit Montag nach Angaben des Landratsamts über 80.000 Sandsäcke. Die Bundeswehr hat 150 Soldaten zur Unterstützung geschickt.

Auch an Inn und Ilz, die in Passau in die Donau münden, werden hohe Wasserstände gemessen. Flussaufwärts in Regensburg und Deggendorf entspannte sich die Lage dagegen leicht. In Niederbayern sind mehrere Straßen gesperrt, darunter die B12 zwischen Passau und Hutthurm. Die Bahnstrecke Passau-Plattling ist seit Montagabend unterbrochen.

Der Deutsche Wetterdienst (DWD) erwartet für Mittwoch nur noch vereinzelte Schauer. "Die Niederschläge lassen nach, aber die Flüsse brauchen Zeit, bis das Wasser abfließt", sagte ein DWD-Meteorologe in Offenbach.

Beim Jahrhunderthochwasser im Juni 2013 hatte die Donau in Passau einen Pegelstand von 12,89 Metern erreicht, den höchsten seit mehr als 500 Jahren.
""", style="typo")

orig("de03", "de", "dpa", "2025-09-11T15:30:00+02:00",
     "Anlagebetrug: Finanzberater muss sechseinhalb Jahre in Haft", """
München (dpa) - Wegen gewerbsmäßigen Betrugs in 212 Fällen hat das Landgericht München I einen Finanzberater zu sechseinhalb Jahren Haft verurteilt. Der 49-Jährige habe Anlegern über Jahre hohe Renditen mit angeblich sicheren Immobilienprojekten versprochen und das Geld zum Großteil für sich selbst verwendet, sagte der Vorsitzende Richter Matthias Feldhaus am Donnerstag bei der Urteilsverkündung.

Der Schaden beläuft sich nach Überzeugung des Gerichts auf rund 14,3 Millionen Euro. Die meisten Geschädigten sind Rentnerinnen und Rentner aus Oberbayern, die dem Mann teils ihre gesamten Ersparnisse anvertraut hatten. Einige hatten zusätzlich Kredite aufgenommen.

"Sie haben das Vertrauen von Menschen ausgenutzt, die sich auf Sie verlassen haben, und sie um ihre Altersvorsorge gebracht", sagte Feldhaus in Richtung des Angeklagten. Dieser nahm das Urteil regungslos auf.

Der Mann hatte zu Prozessbeginn im Juni ein Teilgeständnis abgelegt. Er räumte ein, Geld zweckwidrig verwendet zu haben, bestritt aber, von Anfang an in Betrugsabsicht gehandelt zu haben. Die Immobilienprojekte in Rosenheim und am Chiemsee seien wegen gestiegener Baukosten gescheitert.

Die Staatsanwaltschaft hatte sieben Jahre und drei Monate gefordert, die Verteidigung eine Freiheitsstrafe von höchstens vier Jahren. Das Gericht ordnete zudem die Einziehung von knapp 5 Millionen Euro an. Ermittler hatten bei dem Angeklagten unter anderem einen Sportwagen, Goldbarren und ein Ferienhaus in Kroatien sichergestellt.

Ein Anwalt mehrerer Geschädigter sagte nach dem Urteil, seine Mandanten seien erleichtert, rechneten aber kaum damit, ihr Geld zurückzubekommen. "Für viele ist das ein Lebenswerk, das weg ist", sagte er. Die Einziehung decke nur einen Bruchteil des Schadens.

Das Urteil ist noch nicht rechtskräftig. Beide Seiten können Revision beim Bundesgerichtshof einlegen.
""", style="typo")

# ---------------------------------------------------------------- Spanish (2)

orig("es01", "es", "EFE", "2025-08-12T21:10:00+02:00",
     "Un incendio forestal obliga a desalojar a 1.200 vecinos en Castellón", """
Castellón, 12 ago (EFE).- Un incendio forestal declarado este martes en el término municipal de Villanueva de Viver (Castellón) ha obligado a desalojar a unos 1.200 vecinos de tres municipios y ha calcinado ya cerca de 2.300 hectáreas, según los datos provisionales de la Generalitat Valenciana.

El fuego se originó poco después de las 13.00 horas en una zona de pinar de difícil acceso y avanzó rápidamente empujado por rachas de viento de poniente de hasta 60 kilómetros por hora y temperaturas que superaban los 38 grados.

Los vecinos de Villanueva de Viver, Fuente la Reina y parte de Montanejos han sido trasladados a un pabellón deportivo de Segorbe y a un albergue de Caudiel, donde la Cruz Roja ha habilitado unas 400 camas.

"Es un incendio muy complicado, con un comportamiento que supera la capacidad de extinción en algunos flancos", explicó en rueda de prensa la jefa del servicio de emergencias de la Generalitat, Nuria Castelló, quien pidió a la población "máxima prudencia" y que siga en todo momento las indicaciones de los agentes.

En las tareas de extinción participan más de 250 efectivos de tierra, entre bomberos forestales, brigadas de la Unidad Militar de Emergencias (UME) y agentes medioambientales, apoyados por 19 medios aéreos que tuvieron que retirarse al caer la noche.

La carretera CV-20 permanece cortada en ambos sentidos entre Montanejos y Villanueva de Viver, y la Guardia Civil ha establecido controles para impedir el acceso a la zona.

Los alcaldes de la comarca del Alto Mijares han lamentado que el fuego afecte a una de las zonas con más masa forestal de la provincia. "Aquí llevamos semanas sin una gota de agua y el monte está como la yesca", declaró a EFE el concejal de Fuente la Reina Vicente Ibáñez.

Las causas del incendio se desconocen por el momento, aunque la Guardia Civil ha abierto una investigación.
""", style="typo")

orig("es02", "es", "EFE", "2025-10-02T12:00:00+02:00",
     "Astrónomos del IAC detectan un planeta gigante en órbita alrededor de una enana blanca", """
Santa Cruz de Tenerife, 2 oct (EFE).- Un equipo internacional liderado por el Instituto de Astrofísica de Canarias (IAC) ha detectado un planeta gigante gaseoso que orbita alrededor de una enana blanca, el remanente de una estrella similar al Sol, un hallazgo que aporta pistas sobre el destino que aguarda al sistema solar dentro de miles de millones de años.

El planeta, denominado WD 1347-21 b, tiene una masa de aproximadamente 1,8 veces la de Júpiter y completa una órbita cada 5,2 días, según el estudio publicado este jueves en la revista The Astrophysical Journal Letters.

La estrella se encuentra a unos 190 años luz de la Tierra, en la constelación de Virgo. Los investigadores identificaron el planeta gracias a las pequeñas variaciones en el brillo de la enana blanca registradas por el telescopio espacial TESS y confirmadas después con el Gran Telescopio Canarias (GTC), en el Observatorio del Roque de los Muchachos, en La Palma.

"Hasta ahora pensábamos que los planetas cercanos eran destruidos cuando la estrella se expande y se convierte en gigante roja. Este objeto nos dice que algunos pueden sobrevivir, o bien migrar hacia el interior después", explicó a EFE la investigadora del IAC y primera autora del trabajo, Lucía Benítez.

Según los autores, el planeta podría haberse formado mucho más lejos de la estrella y haber sido desplazado hacia su órbita actual por la interacción gravitatoria con otros cuerpos del sistema, que aún no han sido detectados.

El hallazgo eleva a cuatro el número de planetas gigantes confirmados alrededor de enanas blancas. El equipo ya ha solicitado tiempo de observación con el telescopio espacial James Webb para analizar la atmósfera del planeta, que podría ser la primera estudiada en un sistema de este tipo.

En el estudio han participado también científicos de las universidades de Warwick (Reino Unido), Ginebra (Suiza) y Arizona (Estados Unidos).
""")

# ---------------------------------------------------------------- Italian (1)

orig("it01", "it", "ANSA", "2025-04-15T13:05:00+02:00",
     "Pompei, riemerge una domus con affreschi dedicati a Dioniso", """
Una nuova domus con affreschi di eccezionale qualità dedicati al culto di Dioniso è stata riportata alla luce negli scavi della Regio IX di Pompei. Lo ha annunciato oggi il Parco archeologico, spiegando che la scoperta è avvenuta durante i lavori di messa in sicurezza dei fronti di scavo dell'insula 11.

La casa, che gli archeologi hanno già ribattezzato "Casa del Tirso" per il bastone rituale che compare in più scene, conserva un grande salone da banchetto con pareti dipinte in rosso pompeiano. Le figure, a grandezza quasi naturale, raffigurano un corteo di menadi e satiri che accompagnano il dio del vino.

"Siamo di fronte a uno dei cicli pittorici più completi emersi negli ultimi decenni", ha dichiarato il direttore del Parco, Andrea Bellucci. "La freschezza dei colori e la qualità del disegno ci dicono che il proprietario era una persona colta e molto facoltosa, probabilmente legata al commercio del vino."

Nel corso dello scavo sono stati rinvenuti anche anfore, una lucerna in bronzo e i resti di due persone che tentarono di ripararsi in un ambiente di servizio durante l'eruzione del 79 d.C. Gli antropologi stanno ora analizzando le ossa per ricostruirne età e condizioni di vita.

Secondo gli archeologi, la domus era in fase di ristrutturazione al momento dell'eruzione: in un cortile sono stati trovati cumuli di calce e tegole accatastate, segno che Pompei era ancora un grande cantiere dopo il terremoto del 62 d.C.

Il ministro della Cultura ha definito la scoperta "un'ulteriore prova che Pompei non smette di stupire il mondo". Gli ambienti saranno aperti ai visitatori in piccoli gruppi a partire dall'autunno, quando sarà completata la copertura protettiva.

Gli scavi nella Regio IX, avviati nel 2023, hanno già restituito negli ultimi due anni un panificio, una lavanderia e la cosiddetta "sala nera" con scene ispirate alla guerra di Troia.
""", style="typo")

# ---------------------------------------------------------------- Portuguese (1)

orig("pt01", "pt", "Lusa", "2025-02-18T12:40:00+00:00",
     "Exportações de vinho português atingem recorde de 1.012 milhões de euros", """
Lisboa, 18 fev 2025 (Lusa) - As exportações de vinho português ultrapassaram pela primeira vez a barreira dos mil milhões de euros em 2024, atingindo 1.012 milhões de euros, um aumento de 3,4% face ao ano anterior, anunciou hoje a ViniPortugal.

Em volume, as vendas para o exterior cresceram 1,8%, para 339 milhões de litros, o que significa que o preço médio por litro subiu para 2,99 euros, o valor mais alto de sempre, segundo os dados divulgados pela associação interprofissional do setor.

"Este resultado mostra que estamos a vender mais caro e a afirmar a qualidade dos vinhos portugueses nos mercados mais exigentes", afirmou o presidente da ViniPortugal, Rui Carvalhais, em conferência de imprensa em Lisboa.

França manteve-se como o principal destino em valor, com 118 milhões de euros, seguida dos Estados Unidos (109 milhões) e do Reino Unido (98 milhões). O Brasil, quarto mercado, registou a maior subida entre os principais destinos, com um crescimento de 11%.

O vinho do Porto continua a representar cerca de um terço das exportações em valor, mas os vinhos tranquilos, em particular os do Douro, do Alentejo e os vinhos verdes, foram os que mais contribuíram para o crescimento.

O setor mostra-se, no entanto, preocupado com a possibilidade de novas tarifas nos Estados Unidos e com a quebra do consumo em vários mercados europeus. "Há uma tendência estrutural de redução do consumo de álcool, e temos de nos adaptar, apostando em vinhos de menor teor alcoólico e no enoturismo", acrescentou Rui Carvalhais.

A ViniPortugal pretende atingir 1.200 milhões de euros de exportações até 2030 e vai reforçar em 2025 as ações de promoção na Ásia, com especial atenção à China, ao Japão e à Coreia do Sul.

Portugal é o nono maior exportador mundial de vinho em valor.
""", style="typo")


# =========================================================================== COPIES
# copy(key, outlet, minutes after the original | "date" | None, "edit+edit", params...)
#   title=  new headline        intro= local intro (ascii typing)   keep= share of words kept
#   figs=   [(old, new)] figure updates   rw= [(old, new)] rewordings   ins= (index, paragraph)

# ---- fr01
copy("fr01", "Le Journal de Saône", 95, "boilerplate")
copy("fr01", "Info Centre 24", 210, "update_figures", figs=[
    ("214 voix contre 139", "216 voix contre 137"),
    ("une journée de fermeture des cabinets le 27 mars", "une journée de fermeture des cabinets le 1er avril")])
copy("fr01", "Mayenne Matin", "date", "headline+local_intro+typography",
     title="Médecins: les députés votent la fin de la liberté d'installation",
     intro="En Mayenne, où un habitant sur cinq n'a plus de médecin traitant, le vote de mercredi était très attendu. Le texte est porté par un élu du département.")
copy("fr01", "Le Petit Quotidien", 300, "headline+trimmed_end+light_rewrite",
     title="Déserts médicaux: feu vert de l'Assemblée à la régulation", keep=0.7, rw=[
    ("a adopté mercredi en première lecture", "a voté mercredi, en première lecture,"),
    ("une mesure réclamée depuis des années par les élus ruraux mais combattue par", "une mesure longtemps réclamée par les élus ruraux mais rejetée par"),
    ("s'est félicité M. Delorme dans l'hémicycle", "s'est réjoui M. Delorme à la tribune"),
    ('avait émis un avis de "sagesse"', 's\'en était remise à la "sagesse" de l\'Assemblée'),
    ("Les syndicats de médecins libéraux ont immédiatement dénoncé", "Du côté des syndicats de médecins libéraux, on dénonce")])

# ---- fr02
copy("fr02", "Quimper Infos", 140, "headline+local_intro+trimmed_end+boilerplate+typography",
     title="Tempête: le Finistère en première ligne, des milliers de foyers dans le noir", keep=0.5,
     intro="Dans le pays de Quimperlé, de nombreuses routes communales restaient coupées mardi matin et la mairie a ouvert la salle polyvalente pour accueillir les habitants privés de chauffage. Voici le point sur la situation dans la région.")
copy("fr02", "Brest Actu", 600, "headline+update_figures",
     title="Tempête Hervé: encore 97 000 foyers privés de courant mardi soir", figs=[
    ("Quelque 180 000 foyers étaient privés d'électricité mardi matin", "Quelque 97 000 foyers étaient toujours privés d'électricité mardi en fin de journée"),
    ("avec 72 000 clients coupés, devant les Côtes-d'Armor (41 000) et la Manche (29 000)", "avec 43 000 clients encore coupés, devant les Côtes-d'Armor (27 000) et la Manche (14 000)"),
    ("plus de 600 interventions dans la nuit", "plus de 900 interventions depuis lundi soir"),
    ("dans sept départements jusqu'à 16 heures", "dans sept départements jusqu'à 18 heures")])
copy("fr02", "Bretagne Info Continu", 45, "boilerplate+typography")
copy("fr02", "Le Cotentin Libre", 180, "headline+local_intro+paragraph_inserted",
     title="Tempête Hervé: la Manche aussi touchée, 136 km/h à Barfleur",
     intro="Dans la Manche, les vents ont soufflé en rafales toute la nuit sur le Val de Saire et la Hague. À Barfleur, le port avait été fermé par précaution dès lundi après-midi.",
     ins=(3, "Dans la Manche, la préfecture a fait état d'une cinquantaine d'interventions des pompiers, notamment à Cherbourg-en-Cotentin où un échafaudage s'est effondré sur la chaussée sans faire de blessé. La liaison maritime vers les îles Chausey a été annulée."))

# ---- fr03
copy("fr03", "Le Val de Saône Hebdo", "date", "headline+local_intro+trimmed_end+boilerplate+light_rewrite",
     title="Ex-maire de Montrevel: prison requise, la défense dénonce une cabale", keep=0.5,
     intro="Il a dirigé la commune pendant quinze ans et beaucoup d'habitants ont fait le déplacement jusqu'à Lyon pour assister au procès. Mercredi, l'ancien maire a entendu les réquisitions du parquet.",
     rw=[("Le parquet a requis mercredi", "Mercredi, le parquet a requis"),
         ("L'ancien élu divers droite, qui a dirigé la commune de 11 000 habitants de 2008 à 2023, est soupçonné", "Maire divers droite de cette commune de 11 000 habitants de 2008 à 2023, il est soupçonné"),
         ("a lancé la procureure Hélène Sarrazin dans son réquisitoire", "a asséné la procureure Hélène Sarrazin")])
copy("fr03", "Lyon Matin Express", 60, "trimmed_end+typography", keep=0.8)
copy("fr03", "Actu Rhône-Alpes", 240, "headline+boilerplate+reordered_paragraphs",
     title="Montrevel-sur-Saône: l'ancien maire jugé pour détournement de fonds publics")

# ---- fr04
copy("fr04", "Economie Matin Digital", 30, "reordered_paragraphs")
copy("fr04", "Le Courrier des Affaires", 26 * 24 * 60 + 5 * 60, "headline+boilerplate+update_figures",
     title="Inflation: l'Insee confirme un net ralentissement en mars, à 1,8%", figs=[
    ("à 1,7% sur un an après 2,0% en février, selon une estimation provisoire publiée vendredi par l'Insee", "à 1,8% sur un an après 2,0% en février, selon les chiffres définitifs publiés mardi par l'Insee"),
    ("les prix ont progressé de 0,2%", "les prix ont progressé de 0,3%"),
    ("s'établit à 1,9% sur un an", "s'établit à 2,0% sur un an"),
    ("ont reculé de 3,4% sur un an", "ont reculé de 3,2% sur un an"),
    ("Les produits frais augmentent en revanche de 4,1%", "Les produits frais augmentent en revanche de 4,4%"),
    ("L'Insee publiera le 15 avril ses chiffres définitifs pour le mois de mars.", "L'estimation provisoire publiée fin mars faisait état d'une inflation de 1,7%.")])
copy("fr04", "Normandie Éco", 180, "headline+local_intro+trimmed_end",
     title="Les prix ralentissent encore, l'énergie en baisse", keep=0.65,
     intro="Bonne nouvelle pour le porte-monnaie des ménages: à la pompe comme sur la facture d'électricité, la détente se confirme.")

# ---- fr05 (original rendered with French typography)
copy("fr05", "Valais Matin", 50, "typography")
copy("fr05", "Alpes Info Région", 160, "headline+local_intro+trimmed_end+boilerplate+typography",
     title="Fonte des glaciers: le Valais un peu moins touché que le Tessin", keep=0.5,
     intro="Le Valais compte à lui seul plus de la moitié de la surface glaciaire du pays. Les nouvelles mesures publiées mardi montrent que la fonte s'y poursuit, même si elle y est un peu moins rapide qu'ailleurs.")
copy("fr05", "Sciences Suisse Hebdo", None, "light_rewrite+paragraph_inserted", rw=[
    ("ont encore fondu de manière massive en 2024", "ont une nouvelle fois fondu massivement en 2024"),
    ("Les chutes de neige abondantes de l'hiver avaient pourtant laissé espérer un répit.", "L'hiver, très neigeux, avait pourtant laissé espérer un répit."),
    ("résume le glaciologue", "explique le glaciologue"),
    ("sont les plus touchés", "paient le plus lourd tribut")],
    ins=(4, "Les mesures sont effectuées chaque année à la fin de l'été par des équipes qui plantent des balises dans la glace et relèvent l'épaisseur de neige au printemps. Les données sont complétées par des images aériennes et des relevés par drone."))

# ---- fr06
copy("fr06", "Alpes Sport", 35, "headline",
     title="Cyclisme: le Savoyard Théo Marchand crucifie Halvorsen sous la neige")
copy("fr06", "Le Mag du Vélo", 75, "headline+trimmed_end+boilerplate",
     title="Paris-Nice: Marchand vainqueur à la Loge des Gardes, Verbeke toujours en jaune", keep=0.7)
copy("fr06", "Sports Infos Direct", 20, "boilerplate+typography+light_rewrite", rw=[
    ("a remporté vendredi la sixième étape de Paris-Nice", "s'est imposé vendredi lors de la sixième étape de Paris-Nice"),
    ("signe le plus beau succès de sa carrière", "décroche la plus belle victoire de sa jeune carrière"),
    ("Le froid a rendu la course éprouvante", "Les conditions ont été dantesques"),
    ("conduira les coureurs de Nice à Auron sur 143 km", "mènera le peloton de Nice à Auron (143 km)")])

# ---- fr07
copy("fr07", "L'Écho de la Sarre", 70, "local_intro",
     intro='À Sarreguemines, tout le monde connaît quelqu\'un qui travaille "chez Valtrex". L\'annonce faite mardi matin aux représentants du personnel a sidéré la ville.')
copy("fr07", "Moselle Actu", 200, "headline+local_intro+trimmed_end+boilerplate",
     title="Fermeture de Valtrex: 430 salariés sous le choc, grève illimitée votée", keep=0.45,
     intro="Le site de Sarreguemines, ouvert en 1974, avait déjà connu deux plans de départs volontaires ces dix dernières années. Cette fois, c'est la fermeture pure et simple qui est annoncée.")
copy("fr07", "Lorraine Eco", 22 * 60, "headline+update_figures+paragraph_inserted",
     title="Valtrex: l'usine de Sarreguemines toujours bloquée, 150 reclassements proposés", figs=[
    ("une centaine de postes seulement seraient concernés", "150 postes seulement seraient concernés"),
    ("environ 200 salariés se sont rassemblés en début d'après-midi", "environ 300 salariés étaient encore rassemblés mercredi matin"),
    ("Une intersyndicale CGT-CFDT-FO doit être reçue vendredi à la préfecture de Metz.", "Une intersyndicale CGT-CFDT-FO a été reçue mercredi à la préfecture de Metz.")],
    ins=(5, "Mercredi, la direction a précisé que les salariés qui refuseraient un reclassement percevraient une indemnité supra-légale dont le montant reste à négocier. Les syndicats réclament au minimum 60 000 euros par salarié."))
copy("fr07", "Grand Est Direct", 110, "trimmed_end+boilerplate+typography", keep=0.75)

# ---- fr08
copy("fr08", "Planète Sciences", 240, "light_rewrite", rw=[
    ("ont annoncé jeudi la découverte dans l'Hérault", "ont dévoilé jeudi la découverte, dans l'Hérault,"),
    ("dont le squelette est le plus complet jamais mis au jour en France", "dont le squelette est le plus complet jamais exhumé en France"),
    ('"C\'est extrêmement rare.', '"C\'est rarissime.'),
    ("Sa denture, formée de dents larges en forme de feuille, suggère qu'il se nourrissait de plantes coriaces.", "Ses dents, larges et en forme de feuille, laissent penser qu'il consommait des végétaux coriaces."),
    ("doit être présenté au public à partir de juin", "sera présenté au public dès juin")])
copy("fr08", "Occitanie Direct", 90, "headline+boilerplate+typography",
     title='Un dinosaure de 8 mètres découvert à Cruzy: "C\'est extrêmement rare"')
copy("fr08", "Béziers Info", "date", "headline+local_intro+trimmed_end+boilerplate",
     title="Cruzy: le dinosaure du Minervois dévoile ses secrets", keep=0.55,
     intro='Les habitants de Cruzy l\'appellent déjà "le dino". Depuis six ans, des dizaines de bénévoles du village participent chaque été aux fouilles aux côtés des chercheurs.')

# ---- en01
copy("en01", "MarketDesk", 40, "trimmed_end", keep=0.7)
copy("en01", "Manchester Evening Post", 180, "headline+local_intro+trimmed_end+boilerplate",
     title="Hundreds of Manchester jobs at risk as Brightwater slashes 1,800 roles", keep=0.5,
     intro="Workers at Brightwater's engineering base at Manchester Airport face an anxious wait after the airline said maintenance jobs would be among those cut. The carrier employs about 2,400 people in Greater Manchester.")
copy("en01", "FinanceWire UK", 270, "headline+update_figures+light_rewrite",
     title="Brightwater shares slump 14% after airline announces 1,800 job cuts",
     figs=[("sending its shares down 11% in early trading", "sending its shares down 14% by midday"),
           ("Brightwater shares have fallen about 30% since the start of the year", "Brightwater shares have fallen about 33% since the start of the year")],
     rw=[("said on Wednesday it would cut about 1,800 jobs", "announced on Wednesday plans to cut about 1,800 jobs"),
         ("blamed higher fuel and maintenance costs", "pointed to higher fuel and maintenance costs"),
         ("the company said, adding that it would open talks with the unions in the coming weeks.", "the company said. It plans to begin talks with unions in the coming weeks.")])

# ---- en02
copy("en02", "Midwest Daily", 25, "typography")
copy("en02", "Hilliard Community Times", "date", "headline+local_intro+trimmed_end+boilerplate",
     title="Hilliard church members among victims as Dublin adviser convicted", keep=0.5,
     intro="At least 40 members of Grace Fellowship in Hilliard invested in Darren Whitlock's fund, according to church leaders, and several of them attended every day of the trial.")
copy("en02", "Columbus News Now", 65, "boilerplate+paragraph_inserted",
     ins=(5, "Investigators with the Securities and Exchange Commission said Whitlock also forged account statements that showed steady gains even after the fund had stopped making real estate loans in 2020."))

# ---- en03
copy("en03", "Stephens County Sentinel", 300, "headline+local_intro+trimmed_end+boilerplate+light_rewrite",
     title="Marlow picks up the pieces after deadly tornado", keep=0.5,
     intro="Volunteers from across Stephens County gathered at Marlow High School on Sunday morning with chainsaws, bottled water and tarps. The school gym has been opened as a shelter.",
     rw=[("Tornadoes tore through parts of Oklahoma overnight", "Tornadoes ripped through parts of Oklahoma overnight"),
         ("flattening homes in several small towns", "leveling homes in several small towns"),
         ("Crews were still searching damaged buildings on Sunday morning, and officials warned the toll could rise.", "Officials warned the toll could rise as crews searched damaged buildings Sunday morning.")])
copy("en03", "Tulsa Today", 330, "headline+update_figures",
     title="Oklahoma tornado death toll rises to 5; dozens injured", figs=[
    ("killing at least four people", "killing at least five people"),
    ("A fourth person was killed when a tree fell on a mobile home near Ada.", "Two other people were killed when a tree fell on a mobile home near Ada, she said."),
    ("At least 37 people", "At least 52 people"),
    ("About 68,000 homes and businesses were without power across Oklahoma on Sunday morning", "About 41,000 homes and businesses were still without power across Oklahoma on Sunday afternoon")])
copy("en03", "WeatherHub News", 15, "boilerplate+typography")
copy("en03", "The Prairie Herald", 120, "trimmed_end+reordered_paragraphs", keep=0.8)

# ---- en04
copy("en04", "Oceans Today", 60, "paragraph_inserted",
     ins=(5, "On the Great Barrier Reef, aerial surveys carried out in early 2024 found that around 70% of the reefs inspected showed some degree of bleaching, the fifth mass bleaching event on the reef since 2016."))
copy("en04", "ScienceWire Daily", 150, "headline+boilerplate+light_rewrite",
     title="Record bleaching: heat has hit 77% of coral reefs since 2023", rw=[
    ("scientists said in a study published on Wednesday", "according to a study published on Wednesday"),
    ("We are seeing reefs that have never bleached before", "We are seeing reefs that had never bleached before"),
    ("leaving them white and vulnerable to starvation and disease", "which turns them white and leaves them vulnerable to starvation and disease"),
    ("fared comparatively better", "fared better")])
copy("en04", "Pacific Herald", None, "headline+trimmed_end+typography",
     title="Coral bleaching now the most extensive on record, researchers say", keep=0.65)

# ---- en05
copy("en05", "Badminton World News", 30, "headline",
     title="Zhou Yiming stuns Kjeldsen to win Malaysia Masters crown")
copy("en05", "Asia Sports Net", 90, "trimmed_end+boilerplate+typography", keep=0.6)

# ---- de01 (original rendered with German typography)
copy("de01", "Münchner Abendblatt Online", 30, "trimmed_end", keep=0.7)
copy("de01", "Augsburger Stadtanzeiger", 95, "headline+local_intro+boilerplate",
     title="Streik: Auch in Augsburg fahren keine Trams",
     intro="In Augsburg standen am Donnerstagmorgen alle Straßenbahnen im Depot, nur einzelne von Subunternehmen betriebene Buslinien waren unterwegs. Die Stadtwerke rechnen damit, dass der Betrieb erst am Freitag gegen Mittag wieder normal läuft.")
copy("de01", "Franken Nachrichten", 420, "headline+update_figures+light_rewrite",
     title="Warnstreik: Verdi meldet hohe Beteiligung, KAV verschiebt Verhandlungen",
     figs=[("rund 9.000 Beschäftigten", "rund 9.500 Beschäftigten"),
           ("bereits für den 3. März angesetzt", "bereits für den 5. März angesetzt"),
           ('am 3. März "ein seriöses Angebot"', 'am 5. März "ein seriöses Angebot"')],
     rw=[("hat am Donnerstag den öffentlichen Nahverkehr in mehreren bayerischen Städten weitgehend zum Erliegen gebracht", "hat am Donnerstag Busse und Bahnen in mehreren bayerischen Städten weitgehend stillstehen lassen"),
         ("Die Arbeitgeber haben bislang kein Angebot vorgelegt", "Ein Angebot der Arbeitgeber gibt es bislang nicht, sie verweisen"),
         ("und verweisen auf die angespannte Haushaltslage", "auf die angespannte Haushaltslage"),
         ("rief Fahrgäste auf", "empfahl Fahrgästen")])

# ---- de02
copy("de02", "Bayern Aktuell", 280, "headline+update_figures",
     title="Hochwasser in Passau: Donau erreicht 9,48 Meter", figs=[
    ("Am Dienstagvormittag lag der Pegelstand bei 9,20 Metern", "Am Dienstagnachmittag lag der Pegelstand bei 9,48 Metern"),
    ("bei etwa 9,60 Metern", "bei etwa 9,70 Metern"),
    ("Rund 1.300 Anwohner", "Rund 1.800 Anwohner"),
    ("etwa 240 Menschen", "etwa 310 Menschen"),
    ("über 80.000 Sandsäcke", "über 110.000 Sandsäcke")])
copy("de02", "Passauer Rundschau", 150, "headline+local_intro+trimmed_end+boilerplate",
     title="Land unter in der Innstadt: Passau ruft Katastrophenfall aus", keep=0.5,
     intro="Im Passauer Stadtteil Innstadt sind die Erdgeschosse vieler Häuser bereits geräumt. Anwohner trugen in der Nacht Möbel in die oberen Stockwerke, Feuerwehrleute sicherten die Zugänge zur Uferpromenade.")
copy("de02", "Ostbayern Online", 40, "boilerplate+typography")
copy("de02", "Donau-Zeitung Digital", 200, "headline+reordered_paragraphs+light_rewrite",
     title="Passau: Höchststand in der Nacht erwartet", rw=[
    ("Nach tagelangem Starkregen steigt die Donau in Passau weiter an.", "Die Donau in Passau steigt nach tagelangem Starkregen weiter."),
    ("Teile der Altstadt stehen bereits unter Wasser.", "Bereits jetzt stehen Teile der Altstadt unter Wasser."),
    ("Sie füllten seit Montag nach Angaben des Landratsamts über 80.000 Sandsäcke.", "Nach Angaben des Landratsamts wurden seit Montag über 80.000 Sandsäcke gefüllt."),
    ("entspannte sich die Lage dagegen leicht", "hat sich die Lage dagegen leicht entspannt")])

# ---- de03
copy("de03", "Rechtsnews Bayern", 60, "reordered_paragraphs")
copy("de03", "Rosenheimer Tagesblatt", "date", "headline+local_intro+trimmed_end+boilerplate",
     title="Betrugsprozess: Auch Anleger aus Rosenheim verloren ihr Erspartes", keep=0.5,
     intro="Unter den Geschädigten sind nach Angaben ihres Anwalts auch mindestens 30 Anlegerinnen und Anleger aus Stadt und Landkreis Rosenheim. Einige von ihnen verfolgten die Urteilsverkündung im Saal.")
copy("de03", "Wirtschaft Kompakt", 130, "typography+paragraph_inserted",
     ins=(4, "Nach Angaben der Staatsanwaltschaft hatte der Mann zwischen 2016 und 2022 Verträge mit mehr als 300 Anlegern geschlossen. Die Ermittlungen waren ins Rollen gekommen, nachdem eine Bank eine verdächtige Überweisung gemeldet hatte."))

# ---- es01 (original rendered with « »)
copy("es01", "Castellón al Día", 45, "light_rewrite", rw=[
    ("ha obligado a desalojar a unos 1.200 vecinos de tres municipios", "ha obligado a evacuar a unos 1.200 vecinos de tres municipios"),
    ("avanzó rápidamente empujado por rachas de viento de poniente", "se propagó con rapidez impulsado por rachas de viento de poniente"),
    ("Los vecinos de Villanueva de Viver, Fuente la Reina y parte de Montanejos han sido trasladados", "Los desalojados de Villanueva de Viver, Fuente la Reina y parte de Montanejos han sido trasladados"),
    ("Las causas del incendio se desconocen por el momento", "Por el momento se desconocen las causas del incendio")])
copy("es01", "Segorbe Noticias", 120, "headline+local_intro+trimmed_end+boilerplate",
     title="Segorbe acoge a cientos de desalojados por el incendio del Alto Mijares", keep=0.5,
     intro="El pabellón municipal de Segorbe se llenó desde media tarde de familias con maletas, mascotas y bolsas de comida. El Ayuntamiento ha pedido a los vecinos que no lleven más ropa porque ya hay suficiente.")
copy("es01", "Noticias Levante Hoy", 13 * 60, "headline+update_figures",
     title="El incendio de Villanueva de Viver calcina ya 3.100 hectáreas y obliga a desalojar a 1.500 personas", figs=[
    ("a unos 1.200 vecinos", "a unas 1.500 personas"),
    ("cerca de 2.300 hectáreas", "cerca de 3.100 hectáreas"),
    ("unas 400 camas", "unas 600 camas"),
    ("más de 250 efectivos", "más de 400 efectivos"),
    ("19 medios aéreos que tuvieron que retirarse al caer la noche", "27 medios aéreos que volvieron a despegar con las primeras luces del miércoles")])
copy("es01", "Última Hora Comunitat", 25, "headline+boilerplate+typography",
     title="Desalojados 1.200 vecinos por un incendio en el interior de Castellón")

# ---- es02
copy("es02", "Ciencia Hoy Digital", 90, "boilerplate")
copy("es02", "La Palma Ahora Digital", "date", "headline+local_intro+trimmed_end+typography",
     title="El Gran Telescopio Canarias confirma un planeta que sobrevivió a la muerte de su estrella", keep=0.6,
     intro="El Gran Telescopio Canarias, instalado en el Roque de los Muchachos, en Garafía, vuelve a situar a La Palma en el mapa de la astronomía mundial.")

# ---- it01 (original rendered with « »)
copy("it01", "Corriere Vesuviano", 100, "headline+local_intro+trimmed_end+boilerplate",
     title="Pompei, la Casa del Tirso incanta gli archeologi", keep=0.5,
     intro="A pochi passi da via dell'Abbondanza, dove ogni giorno passano migliaia di turisti, gli scavi della Regio IX continuano a restituire sorprese.")
copy("it01", "Archeologia Notizie", 24 * 60, "update_figures", figs=[
    ("i resti di due persone", "i resti di tre persone"),
    ("a partire dall'autunno", "a partire da ottobre")])
copy("it01", "Campania Live", 35, "headline+boilerplate+typography",
     title="Scoperta a Pompei: affreschi dionisiaci nella Regio IX")

# ---- pt01 (original rendered with « »)
copy("pt01", "Portugal Económico", 75, "paragraph_inserted",
     ins=(4, "Na região demarcada do Douro, a produção de 2024 foi afetada pelo calor e pelo míldio, o que levou alguns produtores a subir os preços dos vinhos de gama média."))
copy("pt01", "Alentejo Notícias", 200, "headline+local_intro+trimmed_end+boilerplate",
     title="Vinhos do Alentejo ajudam a levar exportações a máximo histórico", keep=0.55,
     intro="No Alentejo, segunda maior região exportadora, os produtores dizem sentir a procura sobretudo no Brasil e nos Estados Unidos. A Comissão Vitivinícola Regional Alentejana divulga os seus números no próximo mês.")
copy("pt01", "Notícias do Porto Online", None, "headline+trimmed_end+typography+light_rewrite",
     title="Vinho: exportações superam pela primeira vez os mil milhões de euros", keep=0.7, rw=[
    ("ultrapassaram pela primeira vez a barreira dos mil milhões de euros em 2024", "superaram em 2024, pela primeira vez, a fasquia dos mil milhões de euros"),
    ("anunciou hoje a ViniPortugal", "revelou hoje a ViniPortugal"),
    ("manteve-se como o principal destino em valor", "continua a ser o principal destino em valor"),
    ("registou a maior subida entre os principais destinos", "foi o mercado que mais cresceu entre os principais destinos")])


# =========================================================================== HARD NEGATIVES
# Written independently (not by editing the dispatch); each is its own cluster.

# ---------------------------------------------------------------- same event, other outlet
neg("fr01", "same", "fr", "La Gazette nationale", "2025-03-12T21:30:00+01:00",
    "Installation des médecins: les députés franchissent le pas de la régulation", """
C'est un vote que les élus des campagnes attendaient depuis plus de dix ans. Par 214 voix contre 139, les députés ont approuvé mercredi soir le principe d'une régulation de l'installation des médecins, au terme d'un débat souvent tendu dans un hémicycle clairsemé.

Concrètement, dans les secteurs où les généralistes sont jugés assez nombreux, un nouveau praticien devra attendre qu'un confrère cesse son activité pour pouvoir ouvrir son cabinet. Les zones en difficulté, elles, resteront totalement libres d'accès.

A l'origine de la proposition, Antoine Delorme n'a pas caché son émotion après le scrutin. Le député de la Mayenne, médecin de campagne pendant vingt ans avant d'entrer en politique, dit avoir reçu "des centaines de lettres" de patients qui attendent parfois quatre mois pour une consultation.

Le gouvernement, lui, a soigneusement évité de prendre parti. Au banc, Claire Vasseur s'en est remise à la "sagesse" de l'Assemblée, une manière de ne pas froisser une profession déjà remontée contre l'exécutif après la dernière convention médicale.

Côté syndicats, la colère est immédiate. Plusieurs organisations annoncent des fermetures de cabinets fin mars et les internes menacent de cesser d'assurer les gardes. Pour le Dr Philippe Argenson, qui préside le SNMV, la mesure risque surtout d'accélérer les départs vers le salariat hospitalier.

Reste le Sénat, où la droite a déjà enterré des textes comparables par le passé. Sans accord entre les deux chambres, la régulation pourrait ne jamais voir le jour, prévient un conseiller ministériel sous couvert d'anonymat.
""")

neg("fr02", "same", "fr", "Le Courrier de Cornouaille", "2025-01-14T11:05:00+01:00",
    "Nuit blanche en Cornouaille après le passage de la tempête Hervé", """
À Plouguerneau comme à Penmarc'h, on a peu dormi. Les rafales ont commencé à forcir vers minuit et n'ont faibli qu'au petit matin, laissant derrière elles des routes jonchées de branches et des toitures éventrées.

Au plus fort de la tempête, Enedis comptait 180 000 foyers sans courant dans l'Ouest, dont la plus grosse part dans le Finistère. Sur la côte, les anémomètres se sont affolés : 148 km/h relevés à la pointe du Raz, un chiffre qui n'avait plus été atteint depuis l'hiver 2023-2024.

Chez les pompiers, le standard n'a pas désempli. Plus de six cents sorties ont été recensées dans le seul département, la plupart pour dégager des arbres couchés en travers des chaussées. Près de Quimperlé, un conducteur s'en tire avec quelques contusions après qu'un chêne s'est abattu sur sa voiture.

Dans les ports, les bateaux sont restés à quai. Pas de traversée vers Ouessant ni vers Sein, et les navettes pour Groix ont été annulées dès lundi soir. « Tout le monde avait rentré les casiers, heureusement », souffle un pêcheur du Guilvinec, qui a passé la nuit à surveiller ses amarres.

Les trains aussi ont souffert. Aucun TER ne circulait en matinée entre Brest et Quimper, la SNCF attendant que ses agents inspectent les voies.

La préfecture appelle à la prudence : les arbres fragilisés peuvent encore tomber, et un nouvel épisode pluvieux est annoncé pour jeudi.
""")

neg("fr03", "same", "fr", "Le Journal du Rhône", "2025-02-05T20:10:00+01:00",
    "Au procès de Gérard Montel, la procureure dénonce « un système »", """
Il est arrivé au palais de justice en costume sombre, saluant d'un signe de tête quelques anciens adjoints venus le soutenir. Pendant trois jours, Gérard Montel, qui fut pendant quinze ans le premier magistrat de Montrevel-sur-Saône, a tenté de convaincre le tribunal correctionnel de Lyon de sa bonne foi.

Au cœur du dossier, une salle des fêtes privée, propriété du beau-frère de l'ancien maire, rénovée en partie aux frais de la commune. Les enquêteurs ont chiffré à quelque 412 000 euros l'ensemble des dépenses litigieuses, en y ajoutant des séjours à l'étranger facturés comme des missions officielles.

Mercredi, la procureure Hélène Sarrazin n'a pas fait dans la nuance. Parlant d'« un système », elle a réclamé trois ans de prison, dont douze mois ferme, et une inéligibilité de cinq ans. Elle a aussi demandé la confiscation d'un appartement situé à Annecy.

Le prévenu, 67 ans, se dit victime d'une vengeance de son successeur. Il répète que les associations locales utilisaient gratuitement la salle et qu'il n'a « jamais profité » de l'argent public. Plusieurs habitants, dans le public, secouaient la tête.

Sur les bancs des parties civiles, l'avocate de la commune a rappelé que les finances municipales en portent encore les stigmates : un emprunt a dû être renégocié en 2022 pour éviter la mise sous tutelle.

La défense, assurée par Me François Dallier, plaidera jeudi. Décision attendue dans plusieurs semaines.
""")

neg("fr04", "same", "fr", "Le Journal de l'Économie", "2025-03-28T11:40:00+01:00",
    "Prix : la désinflation s'accélère, les services résistent", """
Les prix à la consommation n'ont augmenté que de 1,7 % en un an en mars, un rythme inédit depuis près de quatre ans. Ce chiffre provisoire, dévoilé vendredi matin par l'institut de la statistique, marque une nouvelle étape dans le reflux de l'inflation, qui culminait au-dessus de 6 % début 2023.

Principal artisan de ce ralentissement : l'énergie. Avec un baril de brent revenu sous les 70 dollars et la baisse de l'électricité réglementée au 1er février, la facture énergétique des ménages recule nettement. À la pompe, le litre de gazole se négocie désormais autour de 1,59 euro en moyenne.

Mais le tableau n'est pas uniforme. Dans les services, qui pèsent pour moitié dans le budget des ménages, la hausse atteint encore 2,9 %. Loyers, assurances, restauration : ces postes évoluent au rythme des salaires, et rien n'indique un essoufflement rapide.

Pour les économistes, ce chiffre conforte le scénario d'une nouvelle baisse des taux directeurs de la Banque centrale européenne dès avril. Mathilde Roux (Arcadia Gestion) y voit « de la marge » pour Francfort, tout en soulignant que la bataille des services n'est pas gagnée.

À Bercy, on se réjouit. Le ministre Bertrand Lavergne insiste sur les gains de pouvoir d'achat, les salaires progressant désormais plus vite que les prix. Les associations de consommateurs nuancent : les prix alimentaires, s'ils ne montent plus, restent environ 20 % plus élevés qu'il y a trois ans.
""")

neg("fr06", "same", "fr", "Cyclisme Actu", "2025-03-14T18:20:00+01:00",
    "Théo Marchand, le grand jour dans le froid de la Loge des Gardes", """
Il neigeait à gros flocons quand Théo Marchand a levé les bras. Sur les pentes de la Loge des Gardes, dans les monts de la Madeleine, le Savoyard de Solano-Vélo a signé vendredi la première victoire d'étape française de ce Paris-Nice, au terme d'un final à couper le souffle.

Tout s'est joué dans le dernier kilomètre. Mikkel Halvorsen a placé une attaque sèche, le maillot jaune Jonas Verbeke a coincé, et seul Marchand a su prendre la roue du Danois. Patient, il a attendu les derniers hectomètres pour lancer son sprint et passer Halvorsen à la pédale.

"Je regardais Paris-Nice à la télé avec mon grand-père", a confié le vainqueur, ému, après la ligne. À 24 ans, le grimpeur franchit un cap, lui qui s'était contenté d'accessits jusqu'ici.

Verbeke, quatrième, sauve sa tunique pour 19 secondes sur Halvorsen. Marchand pointe désormais à 34 secondes et rêve tout haut d'un coup à Auron samedi, sur une montée que personne n'a encore jamais grimpée en course.

La journée a été rude pour le peloton : un degré au sommet, des doigts gelés dans la descente de la Croix-de-l'Homme-Mort et une série d'abandons, dont celui d'Álvaro Ruiz, qui était pourtant dans le top 10.
""")

neg("en02", "same", "en", "Central Ohio Ledger", "2025-06-18T19:15:00-04:00",
    "Jury finds Dublin adviser guilty in church investment fraud", """
Members of three central Ohio congregations sat shoulder to shoulder in a federal courtroom Wednesday afternoon as the verdict was read. When the clerk reached the first count of wire fraud, a woman in the second row began to cry.

After about eight hours of deliberations, jurors found Darren Whitlock guilty on all 18 counts he faced, concluding that the Dublin financial adviser ran his "faith-based income fund" as a Ponzi scheme. Roughly 600 people lost money, prosecutors say, with total losses estimated at $48 million.

Whitlock, 54, showed little reaction. His lawyer, Michael Serrano, has said the fund failed because of bad real estate bets, not deceit, and he plans to appeal.

For the Rev. Thomas Greer of Grace Fellowship in Hilliard, whose congregation lost an estimated $4 million, the verdict brings some relief but no money. "People here trusted him because he sat in our pews," Greer said. "That's the part that's hardest to forgive."

Many investors were retirees who attended free seminars on retirement planning that Whitlock hosted in church halls between 2016 and 2021. Some signed over their entire 401(k) balances.

A receiver appointed by the court has recovered about $11 million, including proceeds from selling Whitlock's lake house near Buckeye Lake. Victims could receive initial payments next year.

Sentencing is scheduled for October.
""")

neg("en03", "same", "en", "Reuters", "2025-04-27T11:20:00-05:00",
    "Tornadoes kill at least four in Oklahoma, hundreds of homes damaged", """
By Dan Whitfield

April 27 (Reuters) - A string of tornadoes ripped across southern Oklahoma late on Saturday, killing at least four people and damaging hundreds of homes, state emergency officials said, as a volatile storm system moved toward the lower Mississippi Valley.

Stephens County, about 70 miles (110 km) south of Oklahoma City, accounted for three of the deaths after a twister hit near the town of Marlow, according to the Oklahoma Department of Emergency Management. Another person died in Pontotoc County.

Dozens were injured. Emergency management spokesperson Kendra Hollis said 37 people had been taken to hospitals, and that search-and-rescue teams were going through debris.

Video posted on social media showed a large wedge tornado illuminated by lightning as it crossed open farmland. The National Weather Service said it would send survey teams to rate the tornadoes; forecasters said one may have reached EF3 strength.

Roughly 68,000 customers in Oklahoma were without electricity early on Sunday, according to tracking website PowerOutage.us.

The Storm Prediction Center placed parts of Arkansas, Mississippi and western Tennessee under an enhanced risk of severe weather on Monday.

(Reporting by Dan Whitfield in Chicago; Editing by Sandra Maler)
""")

neg("de02", "same", "de", "Niederbayern Kurier", "2025-06-03T14:00:00+02:00",
    "Passau kämpft gegen die Donau", """
Die Sandsäcke stapeln sich an der Ortsspitze, dort, wo Donau, Inn und Ilz zusammenfließen. Seit Montag ist in Passau fast jede helfende Hand im Einsatz, und am Dienstag wurde klar, dass es noch nicht vorbei ist: Mit 9,20 Metern lag der Pegel am Vormittag deutlich über der höchsten Meldestufe.

Die Stadt hat den Katastrophenfall ausgerufen. In der Innstadt und in der Ilzstadt mussten rund 1.300 Menschen ihre Häuser verlassen, viele kamen bei Verwandten unter, etwa 240 verbrachten die Nacht in der Dreiländerhalle.

„Wir kennen das hier, aber man gewöhnt sich nicht daran“, sagt Gastwirtin Renate Sommer, die zum dritten Mal in elf Jahren ihre Stube ausräumt. Ihre Nachbarn haben die Möbel in die oberen Stockwerke getragen, im Erdgeschoss steht nur noch ein Kühlschrank auf Ziegelsteinen.

Feuerwehr, THW und Wasserwacht sind mit mehr als 600 Leuten vor Ort, dazu kommen 150 Soldaten der Bundeswehr. Freiwillige aus dem ganzen Landkreis haben sich über soziale Netzwerke verabredet, um beim Sandsackfüllen zu helfen.

Die Experten rechnen mit dem Scheitel in der Nacht auf Mittwoch, bei etwa 9,60 Metern. Vom Rekord aus dem Jahr 2013, als die Donau auf 12,89 Meter stieg, ist man damit weit entfernt. Beruhigend ist das für die Betroffenen kaum.
""")

neg("es01", "same", "es", "Noticias Mediterráneo", "2025-08-12T22:45:00+02:00",
    "El fuego de Villanueva de Viver avanza sin control y obliga a evacuar tres pueblos", """
Columnas de humo visibles desde la costa de Castellón marcaban este martes por la tarde el avance de un incendio que, en pocas horas, se ha convertido en el más grave del verano en la Comunitat Valenciana.

Las llamas prendieron a mediodía en un paraje de pinos cerca de Villanueva de Viver y, con el poniente soplando con fuerza, saltaron varias pistas forestales antes de que los equipos pudieran contenerlas. A última hora, la Generalitat estimaba en unas 2.300 las hectáreas afectadas.

Unas 1.200 personas de Villanueva de Viver, Fuente la Reina y Montanejos han tenido que dejar sus casas. La mayoría ha sido realojada en Segorbe y Caudiel, y otras han optado por pasar la noche con familiares. "Salimos con lo puesto, la Guardia Civil pasaba casa por casa", relataba una vecina de Fuente la Reina en el polideportivo de Segorbe.

Casi una veintena de aviones y helicópteros trabajaron durante la tarde, pero tuvieron que abandonar la zona con la puesta de sol. Desde entonces, el peso del operativo recae en bomberos forestales y militares de la UME.

La responsable de Emergencias, Nuria Castelló, admitió que en algunos frentes el incendio "supera la capacidad de extinción" y pidió a la población que se mantenga alejada.

La CV-20 está cortada. Se investiga el origen del fuego.
""")

neg("it01", "same", "it", "Cronache Campane", "2025-04-15T17:30:00+02:00",
    "Menadi e satiri nella «Casa del Tirso»: a Pompei un nuovo salone dipinto", """
Un corteo dionisiaco che corre lungo le pareti rosse di un grande salone, con figure quasi a grandezza naturale: è il cuore della nuova scoperta annunciata dal Parco archeologico di Pompei nell'insula 11 della Regio IX.

Gli archeologi hanno chiamato l'abitazione «Casa del Tirso», dal nome del bastone avvolto di edera che le menadi impugnano in diverse scene. Il salone, destinato ai banchetti, apparteneva secondo gli studiosi a un ricco proprietario, forse un commerciante di vino.

Il direttore Andrea Bellucci parla di «uno dei cicli pittorici più completi» degli ultimi decenni. Ma lo scavo ha restituito anche una testimonianza drammatica: gli scheletri di due persone rifugiatesi in un piccolo ambiente di servizio mentre il Vesuvio seppelliva la città.

Nel cortile, cumuli di calce e tegole ancora impilate raccontano di un cantiere interrotto. Pompei, diciassette anni dopo il sisma del 62, non aveva finito di ricostruire.

Il pubblico potrà visitare gli ambienti dall'autunno, a piccoli gruppi, una volta completata la tettoia di protezione. Intanto proseguono le indagini nella Regio IX, dove negli ultimi due anni sono emersi un forno, una fullonica e la celebre sala nera.
""")

# ---------------------------------------------------------------- short briefs on the same event
neg("fr02", "brief", "fr", "Radio Côte Ouest", "2025-01-14T09:00:00+01:00",
    "Tempête Hervé: l'essentiel", """
La tempête Hervé a balayé la Bretagne et la Normandie dans la nuit de lundi à mardi. Au plus fort de l'épisode, 180 000 foyers ont été privés d'électricité, principalement dans le Finistère. Météo-France a mesuré une rafale à 148 km/h à la pointe du Raz. Les pompiers ont réalisé plus de 600 interventions et un automobiliste a été légèrement blessé. Les TER sont suspendus entre Brest et Quimper. La vigilance orange est maintenue jusqu'à 16 heures.
""")

neg("fr08", "brief", "fr", "Sciences Express", "2025-05-22T18:30:00+02:00",
    "Un dinosaure presque complet exhumé dans l'Hérault", """
Des chercheurs du CNRS et du Muséum ont décrit une nouvelle espèce de dinosaure herbivore, Occitanosaurus minervensis, découverte à Cruzy (Hérault). Long d'environ huit mètres, l'animal vivait il y a 72 millions d'années. Près de 70 % du squelette a été retrouvé, un record en France, dont un crâne presque intact. Une côte porte des traces de morsure d'un prédateur. Le fossile sera exposé à partir de juin au musée de Cruzy.
""")

neg("en03", "brief", "en", "Plains Public Radio", "2025-04-27T08:00:00-05:00",
    "Four dead after overnight tornadoes in Oklahoma", """
At least four people are dead after tornadoes moved through Oklahoma late Saturday night. Officials say three people died near Marlow in Stephens County and one near Ada. Thirty-seven people were hospitalized. The governor has declared a state of emergency in 12 counties, and about 68,000 customers are without power. The National Weather Service says at least one tornado may have been an EF3. More storms are expected Monday in Arkansas and Tennessee.
""")

neg("de01", "brief", "de", "Bayern Kurz", "2025-02-20T06:00:00+01:00",
    "Warnstreik: Busse und Bahnen stehen still", """
Wegen eines Warnstreiks der Gewerkschaft Verdi fahren heute in München, Nürnberg, Augsburg und Regensburg kaum U-Bahnen, Trams und Busse. Der Ausstand begann um 3 Uhr und soll bis Freitagfrüh dauern. Die S-Bahnen der Deutschen Bahn sind nicht betroffen. Verdi fordert 8 Prozent mehr Lohn, mindestens 350 Euro. Die Arbeitgeber haben noch kein Angebot gemacht, die nächste Verhandlungsrunde ist am 3. März. Pendler sollten deutlich mehr Zeit einplanen.
""")

neg("pt01", "brief", "pt", "Jornal do Vinho", "2025-02-18T15:00:00+00:00",
    "Vinho português bate recorde nas exportações", """
As exportações de vinho português chegaram aos 1.012 milhões de euros em 2024, um recorde, segundo a ViniPortugal. É a primeira vez que o setor ultrapassa os mil milhões. O preço médio por litro subiu para 2,99 euros. França, Estados Unidos e Reino Unido são os principais mercados, e o Brasil foi o que mais cresceu. A associação quer chegar aos 1.200 milhões até 2030, mas teme tarifas norte-americanas e a descida do consumo.
""")

# ---------------------------------------------------------------- later stories that rewrite most paragraphs
neg("fr02", "update", "fr", "AFP", "2025-01-15T12:10:00+01:00",
    "Tempête Hervé: le courant revient, la pluie inquiète", """
Au lendemain du passage de la tempête Hervé, Enedis a annoncé mercredi avoir rétabli l'électricité chez la grande majorité des clients touchés, mais quelque 12 000 foyers, essentiellement dans des hameaux isolés du nord-Finistère, restaient encore dans le noir à la mi-journée.

"Les derniers raccordements sont les plus compliqués, il faut parfois reconstruire des lignes entières à travers champs", a expliqué un responsable régional de l'opérateur, qui a fait venir en renfort 400 techniciens d'autres régions. Le retour à la normale est espéré jeudi soir.

La circulation des TER entre Brest et Quimper a repris mercredi matin, avec des ralentissements sur certaines portions où des arbres menacent encore la voie. Les liaisons vers Ouessant et Sein ont également été rétablies.

L'attention se porte désormais sur les cours d'eau. Météo-France a placé l'Ille-et-Vilaine et le Morbihan en vigilance jaune pour pluie-inondation à partir de jeudi, avec des cumuls attendus de 30 à 50 mm sur des sols gorgés d'eau. Le bassin de la Vilaine, déjà touché par des crues en décembre, est particulièrement surveillé, et la préfecture a demandé aux communes riveraines de préparer des lieux d'hébergement.

Les assureurs commencent à chiffrer les dégâts. La Fédération française de l'assurance évoque une première estimation "de l'ordre de 150 millions d'euros", principalement pour des toitures et des bâtiments agricoles.

Mardi, la tempête avait privé de courant jusqu'à 180 000 foyers et fait un blessé léger dans le Finistère. Hervé est la quatrième tempête nommée à toucher la France depuis le début de l'automne.
""")

neg("fr03", "update", "fr", "AFP", "2025-03-20T16:45:00+01:00",
    "L'ex-maire de Montrevel-sur-Saône condamné à deux ans de prison avec sursis", """
Le tribunal correctionnel de Lyon a condamné jeudi Gérard Montel, ancien maire de Montrevel-sur-Saône (Rhône), à deux ans d'emprisonnement avec sursis et à quatre ans d'inéligibilité pour détournement de fonds publics, mais l'a relaxé du chef de prise illégale d'intérêts.

Les juges ont estimé que l'ancien édile avait bien utilisé l'argent de la commune pour financer des voyages à caractère privé, mais que la preuve d'un avantage personnel n'était pas rapportée s'agissant des travaux réalisés dans la salle de réception de son beau-frère, ouverte aux associations locales.

Le parquet avait requis en février trois ans de prison dont un an ferme. Le tribunal a également ordonné le versement de 96 000 euros de dommages et intérêts à la commune, loin des 412 000 euros réclamés, et n'a pas prononcé la confiscation de son appartement d'Annecy.

"C'est une demi-victoire. Le tribunal a écarté l'essentiel de l'accusation", a réagi à la sortie de l'audience son avocat, Me François Dallier, qui n'a pas encore décidé s'il ferait appel. Gérard Montel, 67 ans, a quitté le palais de justice sans faire de déclaration.

L'actuel maire de la commune s'est dit "déçu" par le montant des réparations, tout en saluant "une condamnation qui met fin à des années de soupçons". Le parquet dispose de dix jours pour faire appel.

L'ancien directeur général des services a été condamné à huit mois avec sursis, le beau-frère relaxé. L'affaire avait éclaté en 2021 après un signalement de la chambre régionale des comptes, qui avait relevé de "graves irrégularités" dans l'attribution de plusieurs marchés publics.
""")

neg("en02", "update", "en", "AP", "2025-10-02T15:30:00-04:00",
    "Ohio financial adviser gets 17 years for $48 million church Ponzi scheme", """
COLUMBUS, Ohio (AP) — A financial adviser who swindled hundreds of churchgoers out of about $48 million was sentenced Thursday to 17 years in federal prison, after a judge said his crimes had "devastated families who did everything right."

U.S. District Judge Karen Atwell also ordered Darren Whitlock, 54, to pay $37 million in restitution, the amount investors lost after earlier payouts are taken into account. Prosecutors had asked for 20 years; his defense sought eight.

Before the sentence was handed down, Whitlock apologized for the first time in court, turning to face the gallery. "I was too proud to admit the fund was failing, and I made it worse every month I kept going," he said, his voice breaking.

A dozen victims addressed the court, describing postponed retirements, lost homes and strained marriages. One man said he and his wife had moved in with their daughter after losing $260,000.

Atwell said the fact that Whitlock recruited investors through church seminars was an aggravating factor. "You used their faith as a sales pitch," she told him.

A jury convicted Whitlock in June of wire fraud, securities fraud and money laundering. Prosecutors said he promised investors guaranteed annual returns of 9% to 12% through what he described as a "faith-based income fund" invested in real estate loans. His attorney, Michael Serrano, said an appeal of the conviction is pending.

The court-appointed receiver said this week that recovered assets now total about $13.5 million.
""")

neg("en03", "update", "en", "AP", "2025-04-28T17:05:00-05:00",
    "Oklahoma tornado death toll rises to 6 as survey rates Marlow twister EF4", """
MARLOW, Okla. (AP) — The death toll from weekend tornadoes in Oklahoma rose to six on Monday after searchers found two more bodies in a collapsed home, and the National Weather Service said the twister that struck Marlow was an EF4 with peak winds of 170 mph (274 kph).

The victims found Monday were a married couple in their 70s whose house east of town was swept from its foundation, Stephens County Sheriff Wade Collins said.

Survey teams said the Marlow tornado stayed on the ground for 23 miles (37 kilometers) and was up to three-quarters of a mile wide at its peak. It was the first EF4 tornado in Oklahoma in more than two years.

In Marlow, residents and volunteers spent Monday sorting through debris under clear skies. Church groups set up tables with water, diapers and tarps in the parking lot of the high school, which is serving as a shelter for about 90 people.

"We've got people who lost everything, and they're out here helping their neighbors first," said Pastor Jim Ellison of First Baptist Church.

State officials said about 340 homes were damaged or destroyed across the state. Power had been restored to most customers, though about 9,000 remained without electricity Monday afternoon.

The governor toured the area by helicopter and said the state would request a federal disaster declaration. Storms on Monday were expected to bring damaging winds and possible tornadoes to Arkansas and western Tennessee.
""")

neg("de02", "update", "de", "dpa", "2025-06-05T09:40:00+02:00",
    "Nach dem Hochwasser: Passau beginnt mit dem Aufräumen", """
Passau (dpa) – Die Donau in Passau sinkt, jetzt beginnt das große Aufräumen. Am Donnerstagmorgen lag der Pegel bei 7,10 Metern und damit mehr als zwei Meter unter dem Höchststand, den der Fluss in der Nacht zum Mittwoch mit 9,54 Metern erreicht hatte. Die Stadt hob den Katastrophenfall am Vormittag auf.

In der Altstadt schaufelten Anwohner und Helfer Schlamm aus Kellern und Geschäften. Die Feuerwehr pumpte nach eigenen Angaben mehr als 200 Keller aus. Die meisten der evakuierten Bewohner der Innstadt konnten in ihre Wohnungen zurückkehren, die Notunterkunft in der Dreiländerhalle wurde geschlossen.

„Das Wasser ist weg, aber der Dreck bleibt. Wir werden Wochen brauchen, bis alles wieder sauber ist“, sagte eine Ladenbesitzerin in der Höllgasse.

Über die Höhe der Schäden gibt es noch keine Angaben. Der Freistaat kündigte Soforthilfen für betroffene Haushalte von bis zu 5.000 Euro an, für Gewerbebetriebe bis zu 50.000 Euro. Anträge können ab kommender Woche bei den Landratsämtern gestellt werden.

Die Bahnstrecke Passau–Plattling soll nach Angaben der Deutschen Bahn ab Samstag wieder befahrbar sein. Die B12 ist bereits wieder freigegeben.

Beim Jahrhunderthochwasser im Juni 2013 hatte die Donau in Passau einen Pegelstand von 12,89 Metern erreicht, den höchsten seit mehr als 500 Jahren.
""")

neg("es01", "update", "es", "EFE", "2025-08-15T13:20:00+02:00",
    "Estabilizado el incendio de Villanueva de Viver tras quemar 4.100 hectáreas", """
Castellón, 15 ago (EFE).- El incendio forestal que se declaró el pasado martes en Villanueva de Viver (Castellón) ha quedado estabilizado este viernes, después de arrasar unas 4.100 hectáreas de monte, según ha informado el Centro de Coordinación de Emergencias de la Generalitat.

La mejora de las condiciones meteorológicas, con vientos flojos y un aumento de la humedad, ha permitido a los equipos de extinción cerrar el perímetro del fuego durante la madrugada. Los vecinos desalojados de Fuente la Reina y Montanejos regresaron a sus casas a lo largo de la mañana, mientras que los de Villanueva de Viver podrán hacerlo previsiblemente el sábado.

«Hoy podemos decir que el incendio no va a salir del perímetro, pero quedan muchos días de trabajo para asegurar que no haya reproducciones», señaló la jefa del servicio de emergencias, Nuria Castelló.

Las llamas han destruido tres naves agrícolas y una vivienda deshabitada, y han afectado a parte de la red eléctrica de la comarca, que ha recuperado el suministro de forma progresiva.

La Guardia Civil investiga como posible causa una chispa provocada por trabajos con maquinaria agrícola en una finca próxima al punto de inicio.

La Generalitat ha anunciado que solicitará la declaración de zona afectada gravemente por una emergencia de protección civil para el Alto Mijares, lo que permitiría acceder a ayudas estatales.
""")

# ---------------------------------------------------------------- other articles embedding a short quote
neg("fr01", "quote", "fr", "Le Journal du Centre-Val", "2025-03-14T06:00:00+01:00",
    "Éditorial. La médecine de ville à l'heure des choix", """
Dans la salle d'attente du cabinet de Saint-Amand-Montrond, il n'y a plus de chaises libres dès 8 heures. Le docteur Lemoine, 68 ans, devait partir à la retraite l'an dernier. Il est toujours là, faute de successeur, et refuse désormais les nouveaux patients.

Cette scène, chacun la connaît dans nos départements. Elle explique la popularité d'une idée qui semblait taboue il y a quelques années encore : obliger, d'une manière ou d'une autre, les jeunes médecins à s'installer là où on a besoin d'eux.

« Nous ne demandons pas aux médecins de travailler plus, nous leur demandons de mieux se répartir », a plaidé cette semaine à l'Assemblée le député Antoine Delorme. La formule est habile. Elle ne suffira pas.

Car la contrainte ne fabrique pas de médecins. Il en manque partout, y compris dans les villes prétendument bien dotées, où les délais de rendez-vous s'allongent aussi. Le vrai chantier est ailleurs : former davantage, rendre aux généralistes du temps médical en les déchargeant de l'administratif, ouvrir des stages dans les hôpitaux de proximité pour que les internes découvrent la vie hors des métropoles.

Les élus locaux ont leur part à jouer. Les communes qui ont bâti des maisons de santé avec des logements pour les internes en récoltent aujourd'hui les fruits. Les autres attendent un miracle législatif qui ne viendra pas.
""")

neg("fr07", "quote", "fr", "La Gazette de l'Est", "2025-04-10T07:30:00+02:00",
    "Désindustrialisation: dans le bassin de Forbach, les sous-traitants retiennent leur souffle", """
Chez Mécafor, à Forbach, on a suivi l'annonce de mardi avec une inquiétude particulière. Cette PME de 85 salariés, spécialisée dans l'usinage de pièces métalliques, réalise encore 40% de son chiffre d'affaires avec l'usine Valtrex de Sarreguemines, promise à la fermeture.

"Si Valtrex part, on perd notre premier client du jour au lendemain", résume son dirigeant, Marc Hoffmann, qui a déjà commencé à démarcher des industriels de la défense et du ferroviaire. "Mais on ne remplace pas un tel volume en six mois."

Selon la chambre de commerce et d'industrie de Moselle, une trentaine d'entreprises du secteur dépendent directement ou indirectement du site. L'organisme estime que 600 à 800 emplois supplémentaires pourraient être fragilisés dans l'Est mosellan, au-delà des 430 postes de l'usine.

Devant les grilles de Valtrex, la déléguée CGT Sandrine Weber a résumé mardi l'état d'esprit de beaucoup: "On nous parle de reclassement, mais on sait tous que la majorité des gars vont se retrouver à Pôle emploi à 50 ans passés."

Les sous-traitants, eux, n'ont ni CSE ni plan social à négocier. "Nous, quand ça ferme, on ferme sans bruit", soupire la gérante d'un atelier de traitement de surface de Farébersviller, qui emploie douze personnes.

La région Grand Est a annoncé la création d'une cellule d'appui pour les entreprises du secteur automobile. Une première réunion est prévue fin avril à Metz.
""")

neg("en01", "quote", "en", "The Skyline Briefing", "2025-05-09T08:00:00+01:00",
    "Europe's airlines face a costly summer as engine problems ground fleets", """
Europe's airlines are heading into the peak summer season with dozens of aircraft parked on the ground, as inspections of geared turbofan engines drag on and spare parts remain scarce.

Industry analysts estimate that more than 150 narrow-body jets operated by European carriers are currently out of service for engine checks, forcing airlines to lease older planes at high cost or cancel flights. Wet-lease rates for an A320-sized aircraft have roughly doubled since 2022, according to brokers.

The pressure is showing up in earnings. Brightwater Airlines this week reported a wider quarterly loss and announced job cuts. "We have to be honest with ourselves: our cost base is too high for the market we are operating in," Chief Executive Fiona Gallagher said.

Other carriers are taking different routes. Some have delayed the retirement of ageing aircraft, while low-cost operators with younger fleets are using their spare capacity to expand in markets vacated by rivals.

Engine manufacturers say the worst of the inspection backlog should be cleared by 2026, but airline executives remain sceptical. Several have sought compensation, and at least two are in talks over delivery delays for new aircraft.

For passengers, the effect may be higher fares. Summer ticket prices on popular Mediterranean routes are up between 8% and 12% from last year, according to a fare-tracking website.
""")

neg("de03", "quote", "de", "Geldratgeber Online", "2025-09-16T10:00:00+02:00",
    "Grauer Kapitalmarkt: Woran Anleger unseriöse Angebote erkennen", """
Zweistellige Renditen, garantierte Ausschüttungen, angeblich risikolose Immobilienprojekte: Mit solchen Versprechen werben unseriöse Anbieter seit Jahren um das Geld von Sparern. Verbraucherschützer raten, bei jedem dieser Punkte hellhörig zu werden.

Wie teuer Vertrauen werden kann, zeigte erst vor wenigen Tagen ein Urteil des Landgerichts München I. Ein Finanzberater wurde dort wegen Betrugs zu sechseinhalb Jahren Haft verurteilt, der Schaden lag bei mehr als 14 Millionen Euro. „Sie haben das Vertrauen von Menschen ausgenutzt, die sich auf Sie verlassen haben, und sie um ihre Altersvorsorge gebracht“, sagte der Vorsitzende Richter.

Experten empfehlen, vor jeder Investition zu prüfen, ob der Anbieter eine Erlaubnis der Finanzaufsicht Bafin besitzt. Die Datenbank der Behörde ist im Internet frei zugänglich. Auch ein Verkaufsprospekt, der von der Bafin gebilligt wurde, ist kein Qualitätssiegel, aber zumindest ein Mindeststandard.

Vorsicht ist außerdem geboten, wenn Berater Druck machen, etwa mit angeblich nur kurz verfügbaren Sonderkonditionen, oder wenn Geld auf Konten im Ausland überwiesen werden soll. Wer unsicher ist, kann sich bei den Verbraucherzentralen beraten lassen, die Kosten dafür sind überschaubar.

Grundsätzlich gilt: Je höher die versprochene Rendite, desto höher das Risiko. Wer sichere neun Prozent pro Jahr verspricht, verspricht etwas, das es am Markt nicht gibt.
""")

neg("it01", "quote", "it", "Viaggi & Cultura", "2025-04-18T09:00:00+02:00",
    "Turismo culturale, Campania da record: Pompei traina gli ingressi", """
Quattro milioni di visitatori nel 2024, con una crescita dell'8% rispetto all'anno precedente: Pompei si conferma uno dei siti archeologici più visitati d'Italia e traina l'intero comparto del turismo culturale in Campania.

Secondo i dati dell'osservatorio regionale, nei primi tre mesi del 2025 gli ingressi nei musei e nei parchi archeologici della regione sono aumentati del 6%, con una quota crescente di visitatori stranieri, in particolare statunitensi e tedeschi.

A spingere le presenze contribuiscono anche le nuove scoperte, che hanno un forte impatto mediatico. L'ultima, una domus con affreschi dionisiaci emersa nella Regio IX, è stata presentata questa settimana. «Siamo di fronte a uno dei cicli pittorici più completi emersi negli ultimi decenni», ha detto il direttore del Parco, Andrea Bellucci.

Gli operatori turistici chiedono però di migliorare i collegamenti. La Circumvesuviana resta il tallone d'Achille: ritardi e soppressioni di corse penalizzano chi arriva da Napoli senza auto. Gli albergatori di Pompei e Castellammare segnalano inoltre la carenza di personale qualificato.

Per la stagione estiva, la Regione ha stanziato 12 milioni di euro per eventi e promozione, con un'attenzione particolare ai siti minori, da Paestum a Velia, per distribuire meglio i flussi.
""")


# =========================================================================== output and report

def shingles(text: str, k: int = 3) -> set:
    toks = re.findall(r"\w+", text.casefold())
    return {tuple(toks[i:i + k]) for i in range(len(toks) - k + 1)}


def sim(a: str, b: str):
    A, B = shingles(a), shingles(b)
    inter = len(A & B)
    return inter / len(A | B), inter / min(len(A), len(B))


def quantiles(xs):
    xs = sorted(xs)
    q = statistics.quantiles(xs, n=4, method="inclusive")
    return f"min {xs[0]:.3f}  q1 {q[0]:.3f}  median {q[1]:.3f}  q3 {q[2]:.3f}  max {xs[-1]:.3f}  mean {statistics.fmean(xs):.3f}"


def hist(xs, edges=(0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)):
    out = []
    for lo, hi in zip(edges, edges[1:]):
        n = sum(lo <= x < hi for x in xs)
        out.append(f"[{lo:.1f},{min(hi, 1):.1f}{']' if hi > 1 else ')'}: {n}")
    return "  ".join(out)


def report(path: Path, body_ratio: dict | None = None) -> int:
    recs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    errors = []
    fields = ["id", "cluster", "language", "source", "published", "title", "edit", "text"]
    for r in recs:
        if list(r) != fields:
            errors.append(f"{r.get('id')}: fields {list(r)}")
        for e in r["edit"].split("+"):
            if e not in EDIT_KINDS + NEG_KINDS + ["original"]:
                errors.append(f"{r['id']}: unknown edit {e}")
    ids = [r["id"] for r in recs]
    dup = [i for i, n in Counter(ids).items() if n > 1]
    if dup:
        errors.append(f"duplicate ids: {dup}")
    by_cluster = defaultdict(list)
    for r in recs:
        by_cluster[r["cluster"]].append(r)
    for c, rs in by_cluster.items():
        n_orig = sum(r["edit"] == "original" for r in rs)
        if len(rs) >= 2 and n_orig != 1:
            errors.append(f"cluster {c}: {n_orig} originals among {len(rs)}")
        if len(rs) == 1 and not rs[0]["edit"].startswith("negative_"):
            errors.append(f"cluster {c}: singleton that is not a negative")
        if len({r["language"] for r in rs}) != 1:
            errors.append(f"cluster {c}: mixed languages")
    originals = {c: next(r for r in rs if r["edit"] == "original") for c, rs in by_cluster.items() if len(rs) >= 2}

    print(f"file: {path}")
    print(f"articles: {len(recs)}   clusters: {len(by_cluster)}   "
          f"(multi-member: {len(originals)}, singletons: {sum(len(v) == 1 for v in by_cluster.values())})")
    sizes = Counter(len(v) for v in by_cluster.values())
    print("members per cluster:", ", ".join(f"{k} members: {v} clusters" for k, v in sorted(sizes.items())))
    print("originals by language:", dict(Counter(r["language"] for r in originals.values())))
    print("articles by language:", dict(Counter(r["language"] for r in recs)))
    wc = {c: nwords(r["text"]) for c, r in originals.items()}
    print(f"original length (words): min {min(wc.values())}  max {max(wc.values())}  mean {statistics.fmean(wc.values()):.0f}")
    copies = [r for r in recs if r["edit"] not in ("original",) and not r["edit"].startswith("negative_")]
    negs = [r for r in recs if r["edit"].startswith("negative_")]
    print(f"copies: {len(copies)}   negatives: {len(negs)}")
    nk = Counter(r["edit"] for r in negs)
    briefs = [r for r in negs if r["id"].endswith("-brief")]
    print("negatives by kind:", dict(nk), f"(of which short briefs, 60-100 words: {len(briefs)}; "
          f"same-event full articles cover {len({r['id'].split('-')[1] for r in negs if r['id'].endswith('-same')})} originals)")
    alone, combined = Counter(), Counter()
    for r in copies:
        es = r["edit"].split("+")
        for e in es:
            (alone if len(es) == 1 else combined)[e] += 1
    print("edit kinds (alone / in combination):")
    for e in EDIT_KINDS:
        print(f"  {e:22s} {alone[e]:3d} / {combined[e]:3d}")
        if not alone[e] or not combined[e]:
            errors.append(f"edit kind {e} not covered alone and combined")
    hard = [r for r in copies if HARD <= set(r["edit"].split("+"))]
    print(f"hard copies (trimmed + headline + local_intro + boilerplate): {len(hard)}")

    print("\nper copy, word-3-gram Jaccard J and containment C (of the smaller shingle set in the larger) vs its original:")
    print(f"  {'id':10s} {'J':>6s} {'C':>6s} {'body%':>6s}  edit")
    js, cs, hj, hc = [], [], [], []
    for r in copies:
        j, c = sim(r["text"], originals[r["cluster"]]["text"])
        js.append(j); cs.append(c)
        if r in hard:
            hj.append(j); hc.append(c)
        br = f"{100 * body_ratio[r['id']]:.0f}" if body_ratio and r["id"] in body_ratio else "-"
        print(f"  {r['id']:10s} {j:6.3f} {c:6.3f} {br:>6s}  {r['edit']}")
    print("\ncopies vs original, Jaccard:     " + quantiles(js))
    print("  histogram: " + hist(js))
    print("copies vs original, containment: " + quantiles(cs))
    print("  histogram: " + hist(cs))
    print("hard copies only, Jaccard:       " + quantiles(hj))
    print("hard copies only, containment:   " + quantiles(hc))

    print("\nnegatives vs the original they relate to (J, C) and max over that cluster's members:")
    nj, nc = defaultdict(list), defaultdict(list)
    for r in negs:
        key = r["id"].split("-")[1]
        j, c = sim(r["text"], originals[key]["text"])
        mj = max(sim(r["text"], m["text"])[0] for m in by_cluster[key])
        mc = max(sim(r["text"], m["text"])[1] for m in by_cluster[key])
        kind = "brief" if r["id"].endswith("-brief") else r["edit"]
        nj[kind].append(mj); nc[kind].append(mc)
        print(f"  {r['id']:18s} J {j:.3f}  C {c:.3f}   max J {mj:.3f}  max C {mc:.3f}  words {nwords(r['text'])}")
    for kind in nj:
        print(f"  {kind:26s} max J up to {max(nj[kind]):.3f}, max C up to {max(nc[kind]):.3f}")
    if errors:
        print("\nERRORS:")
        for e in errors:
            print("  " + e)
        return 1
    print("\nvalidation: OK (ids unique, one original per multi-member cluster, every edit kind alone and combined)")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="do not rebuild, only validate the existing file")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    ratios = None
    if not args.check:
        records, ratios = build()
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        args.out.write_bytes(data.encode("utf-8"))
    return report(args.out, ratios)


if __name__ == "__main__":
    sys.exit(main())

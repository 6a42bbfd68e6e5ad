"""Fictional names (none is a first or last name of annex 1 of the document)."""

from __future__ import annotations

import re
import unicodedata


FEMALE_FIRST = (
    "Nathalie", "Josée", "Mélanie", "Annie", "Stéphanie", "Émilie", "Caroline", "Nancy", "Sylvie",
    "Johanne", "Manon", "Louise", "Lucie", "Hélène", "Diane", "Mylène", "Audrey", "Marie-Ève",
    "Véronique", "Andrée-Anne", "Amélie", "Nadia", "Josiane", "Line", "Guylaine", "Brigitte",
    "Danielle", "Francine", "Lise", "Martine", "Marie-Hélène", "Marie-Pier", "Roxanne", "Maryse",
    "Chloé", "Camille", "Gabrielle", "Noémie", "Mireille", "Céline", "Jacinthe", "Ariane", "Évelyne",
    "Kathleen", "Marjolaine", "Renée", "Sandra", "Judith",
)
MALE_FIRST = (
    "Stéphane", "Daniel", "Michel", "Luc", "Patrick", "Éric", "Simon", "Mathieu", "Jean-Philippe",
    "Marc-André", "Guillaume", "Nicolas", "Yves", "Denis", "Sylvain", "Richard", "Mario", "Louis",
    "Hugues", "Maxime", "Gilles", "Pascal", "Jacques", "Serge", "Marc", "Carl", "Dominic",
    "Alexandre", "Olivier", "Samuel", "Gabriel", "Félix", "Jonathan", "Benoît", "Yannick", "David",
    "Christian", "Raymond", "Gaétan", "Jean-Sébastien", "Réal", "Bruno", "Francis", "Karl", "Hugo",
    "Antoine",
)
LAST_NAMES = (
    "Tremblay", "Gagnon", "Bouchard", "Gagné", "Bélanger", "Girard", "Boucher", "Caron", "Beaulieu",
    "Cloutier", "Dubé", "Poirier", "Leblanc", "Lefebvre", "Paquette", "Nadeau", "Bergeron", "Lavoie",
    "Thibault", "Séguin", "Dion", "Hébert", "Lachance", "Leclerc", "Vachon", "Ménard", "Charbonneau",
    "Lapointe", "Deschênes", "Lacroix", "Savard", "Boivin", "Brisson", "Rioux", "Landry", "Lessard",
    "Desjardins", "Proulx", "Harvey", "Demers", "Paradis", "Plante", "Martel", "Perreault", "Cyr",
    "Couture", "Lavallée", "Turcotte", "Dufour", "Vaillancourt", "Bourque", "Mercier", "Tessier",
    "Gosselin", "Labelle", "Picard", "Lambert", "Bédard", "Fournier", "Dumont", "Beaudoin", "Émond",
    "Lalonde", "Larouche", "Tardif", "Roberge", "Boudreau", "Blais", "Belzile", "Fillion", "Giroux",
    "Bisson", "Veilleux", "Lemieux", "Huard", "Labrecque", "Asselin", "Moreau", "Villeneuve", "Ouimet",
    "Carrier", "Bolduc",
)


def _ascii(text: str) -> str:
    """`Marie-Ève Lavallée` -> `marie-eve lavallee` (for e-mail addresses)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9.-]+", "", text.replace(" ", "-"))

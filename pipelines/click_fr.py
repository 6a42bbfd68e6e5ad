"""Click's own words (Usage, Options, Error…) in French for `chantiers`, unless the command speaks English.

Click marks its messages for translation with gettext: each of its modules binds `_` (and
`ngettext`) from the `gettext` module when imported. Rather than ship a compiled catalog for the
process's default gettext domain, `install()` gives those modules a lookup in `FRENCH`, asked at
the moment a message is written: the language is then known (`--lang en` on the command line, else
CHANTIERS_LANG, else French). A Click release that moves its messages elsewhere leaves them in
English, and `tests/test_cli.py` says so.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

# The messages `chantiers` can show (help pages and usage errors); others stay in English.
FRENCH: dict[str, str] = {
    "Usage:": "Utilisation :",
    "Options": "Options",
    "Commands": "Commandes",
    "Positional arguments": "Arguments",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "Show the version and exit.": "Afficher la version et quitter.",
    "default: {default}": "défaut : {default}",
    "env var: {var}": "variable d'environnement : {var}",
    "required": "obligatoire",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Essayez « {command} {option} » pour l'aide.",
    "No such option {name!r}.": "Option inconnue : {name!r}.",
    "No such command {name!r}.": "Commande inconnue : {name!r}.",
    "Did you mean {possibility}?": "Vouliez-vous dire {possibility} ?",
    "(Did you mean one of: {possibilities}?)": "(Vouliez-vous dire l'une de celles-ci : {possibilities} ?)",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "Missing {param_type}": "{param_type} manquant",
    "Missing command.": "Commande manquante.",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "{value!r} is not {choice}.": "{value!r} n'est pas {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} n'est pas l'une des valeurs {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un nombre valide ({number_type}).",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "Option {name!r} requires an argument.": "L'option {name!r} demande une valeur.",
    "Option {name!r} requires {nargs} arguments.": "L'option {name!r} demande {nargs} valeurs.",
    "Option {name!r} does not take a value.": "L'option {name!r} ne prend pas de valeur.",
    "Got unexpected extra argument ({args})": "Argument en trop ({args})",
    "Got unexpected extra arguments ({args})": "Arguments en trop ({args})",
    "Aborted!": "Interrompu.",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "{name} {filename!r} does not exist.": "{name} {filename!r} : introuvable.",
    "{name} {filename!r} is a file.": "{name} {filename!r} : c'est un fichier.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} : c'est un dossier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} : lecture refusée.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} : écriture refusée.",
}


def english() -> bool:
    """Whether this command speaks English: `--lang en` among its arguments, else CHANTIERS_LANG."""
    args = sys.argv[1:]
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1] == "en"
        if arg.startswith("--lang="):
            return arg == "--lang=en"
    return os.environ.get("CHANTIERS_LANG", "fr").lower().startswith("en")


def gettext(message: str) -> str:
    return message if english() else FRENCH.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> list[str]:
    """Give Click's modules the lookups above; returns the modules that took them."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    took = []
    lookups: dict[str, Callable] = {"_": gettext, "ngettext": ngettext}
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        for name, lookup in lookups.items():
            if callable(getattr(module, name, None)):
                setattr(module, name, lookup)
                took.append(module.__name__)
    return sorted(set(took))

"""Synthetic populations (scale != 1), vectorized with numpy and polars."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from pipelines.contract import REGIONS
from pipelines.generate.days import _days, _weekday_fix
from pipelines.generate.demo_document import FUNDER
from pipelines.generate.forms import _Out
from pipelines.generate.names import FEMALE_FIRST, LAST_NAMES, MALE_FIRST, _ascii
from pipelines.generate.organisations import _DEMO_FIELDS, _ORGS
from pipelines.generate.questionnaire import (
    AGREE_FR, MEMBER_SURVEY_LIKERT, MEMBER_SURVEY_OPEN, OPEN_IMPROVE, OPEN_USE, SATIS_FR,
)
from pipelines.generate.series import _as_date_series, _group_index, _id_series, _take
from pipelines.generate.streams import _choice, _rng


SYNTH_SNAPSHOT = date(2025, 6, 30)


_THEMES = (
    ("Sécurité alimentaire", "la sécurité alimentaire"), ("Persévérance scolaire", "la persévérance scolaire"),
    ("Logement abordable", "le logement abordable"), ("Mobilité durable", "la mobilité durable"),
    ("Petite enfance", "le développement de la petite enfance"), ("Participation citoyenne", "la participation citoyenne"),
    ("Vieillissement actif", "le vieillissement actif"), ("Revitalisation intégrée", "la revitalisation intégrée des quartiers"),
    ("Transition écologique", "la transition écologique"), ("Inclusion", "l'inclusion des personnes immigrantes"),
    ("Santé mentale des jeunes", "la santé mentale des jeunes"), ("Saines habitudes de vie", "les saines habitudes de vie"),
    ("Lutte contre la pauvreté", "la lutte contre la pauvreté"), ("Évaluation", "l'évaluation des démarches collectives"),
    ("Compétences collectives", "les compétences de l'agir-ensemble"), ("Engagement", "l'engagement des acteurs"),
    ("Élus et développement collectif", "la collaboration avec les élus"),
    ("Philanthropie collaborative", "la philanthropie collaborative"),
    ("Développement territorial", "le développement territorial intersectoriel"),
    ("Services de proximité", "l'accès aux services de proximité"),
)
_FUNDERS = (FUNDER, "Fondation communautaire régionale", "Programme de soutien au développement collectif",
            "Fonds régional d'innovation sociale", "Entente municipale-régionale", "")
_AUDIENCES = ("Acteurs du développement collectif", "Démarches collectives locales", "Élus municipaux",
              "Praticiens et intervenants", "Bailleurs de fonds", "Organismes communautaires")
_TITLE_PREFIX = {"guide": "Guide pratique", "video": "Vidéo", "tool": "Outil", "document": "Document de référence",
                 "workshop": "Atelier", "activity": "Activité d'animation", "survey_report": "Résultats du sondage"}
_TYPES = tuple(_TITLE_PREFIX)
_SYN_NOTES = {
    "reflection": ("État de situation", "Tour des réalités régionales", "Débat sur les enjeux prioritaires",
                   "Analyse des résultats de la collecte", "Précision des cibles de travail",
                   "Compréhension commune de l'enjeu", "Retour réflexif", "Lecture de la documentation"),
    "production": ("Rédaction du guide", "Scénarimage de la vidéo", "Conception de l'outil",
                   "Prétest auprès de démarches collectives", "Plan de diffusion", "Révision des contenus",
                   "Préparation de l'atelier", "Suivi de la diffusion"),
    "other": ("Accueil et tour de table", "Suivis de la dernière rencontre", "Prochaines étapes",
              "Bilan de la rencontre", "Nouvelles des partenaires"),
}
_REGION_WEIGHTS = (3, 4, 9, 4, 4, 22, 5, 2, 1.5, 0.5, 1.5, 5, 5, 6, 7, 15, 3)
_SYN_FIELDS = _DEMO_FIELDS + ("Petite enfance", "Sécurité alimentaire")


def _synthetic_outs(scale: float, seed: int) -> list[_Out]:
    n_ch = max(1, int(round(scale)))
    snap = _days(SYNTH_SNAPSHOT)
    t0 = _days(date(2005, 1, 10))

    # ---- chantiers ------------------------------------------------------
    r = _rng(seed, "syn:chantiers")
    n_meet = r.integers(25, 56, n_ch)
    freq = r.uniform(3.6, 5.0, n_ch)
    interval = 365.25 / freq
    span = ((n_meet - 1) * interval).astype(np.int64)
    ongoing = r.random(n_ch) < 0.2
    last_hi = snap - r.integers(0, 120, n_ch)
    lo, hi = t0 + span, np.maximum(t0 + span + 1, snap - 180)
    last_planned = np.where(ongoing, last_hi, lo + (r.random(n_ch) * (hi - lo)).astype(np.int64))
    start = _weekday_fix(last_planned - span)
    refl = np.where(r.random(n_ch) < 0.12, r.uniform(0.7, 0.85, n_ch), r.uniform(0.25, 0.6, n_ch))
    kind_gt = r.random(n_ch) < 0.15
    theme = r.integers(0, len(_THEMES), n_ch)
    regional = r.random(n_ch) < 0.5
    reg_idx = _choice(r, n_ch, _REGION_WEIGHTS)
    funder = _choice(r, n_ch, (0.3, 0.15, 0.2, 0.15, 0.1, 0.1))
    ch_num = np.arange(1, n_ch + 1)
    chantier_id = _id_series("C", ch_num, 5)
    region_codes = list(REGIONS)
    name = (pl.Series(np.where(kind_gt, "Groupe de travail sur ", "Chantier sur ")) + _take([t[1] for t in _THEMES], theme)
            + pl.Series(np.where(regional, " — ", "")) + pl.Series(np.where(regional, _take(
                [REGIONS[c] for c in region_codes], reg_idx).to_numpy(), "")))
    # meetings (needed for the last date)
    m_ch, m_seq = _group_index(n_meet)
    n_m = len(m_ch)
    rm = _rng(seed, "syn:meetings")
    jitter = rm.integers(-12, 13, n_m)
    jitter[m_seq == 0] = 0
    held = _weekday_fix(start[m_ch] + np.rint(m_seq * interval[m_ch]).astype(np.int64) + jitter)
    held = np.minimum(held, snap)
    last_held = np.maximum.reduceat(held, np.cumsum(n_meet) - n_meet)
    ended = np.where(ongoing, -1, np.minimum(last_held + r.integers(15, 60, n_ch), snap))
    chantiers = pl.DataFrame({
        "chantier_id": chantier_id,
        "name": name,
        "theme": _take([t[0] for t in _THEMES], theme),
        "kind": pl.Series(np.where(kind_gt, "groupe_de_travail", "chantier")),
        "started_on": _as_date_series("started_on", start),
        "ended_on": _as_date_series("ended_on", np.maximum(ended, 0), ended < 0),
        "funder": _take(_FUNDERS, funder).replace("", None),
    })

    # ---- meetings -------------------------------------------------------
    progress = m_seq / np.maximum(n_meet[m_ch] - 1, 1)
    rf = refl[m_ch]
    stage_idx = np.select([progress < rf * 0.35, progress < rf * 0.7, progress < rf, progress < 0.9],
                          [0, 1, 2, 3], 4)
    stages = ("État de situation", "Compréhension commune", "Ciblage", "Production", "Diffusion")
    durations = np.array([180, 195, 210, 240, 300, 330, 360])
    dur = durations[_choice(rm, n_m, (0.15, 0.05, 0.15, 0.1, 0.1, 0.2, 0.25))]
    covid = held >= _days(date(2020, 3, 15))
    fmt_p = rm.random(n_m)
    fmt = np.where(covid, np.where(fmt_p < 0.35, 0, np.where(fmt_p < 0.8, 1, 2)),
                   np.where(fmt_p < 0.7, 0, np.where(fmt_p < 0.9, 1, 2)))
    dur = np.where(fmt == 1, np.minimum(dur, 210), dur)
    meeting_id = chantier_id.gather(m_ch) + "-R" + pl.Series(m_seq + 1).cast(pl.Utf8).str.zfill(2)
    meetings = pl.DataFrame({
        "meeting_id": meeting_id,
        "chantier_id": chantier_id.gather(m_ch),
        "held_on": _as_date_series("held_on", held),
        "duration_minutes": dur.astype(np.int64),
        "format": _take(("presentiel", "virtuel", "hybride"), fmt),
        "stage": _take(stages, stage_idx),
    })

    # ---- agenda -------------------------------------------------------------
    ra = _rng(seed, "syn:agenda")
    n_items = np.array([3, 4, 5, 6])[_choice(ra, n_m, (0.15, 0.35, 0.35, 0.15))]
    a_m, a_pos = _group_index(n_items)
    n_a = len(a_m)
    welcome = ra.random(n_m) < 0.7
    w = ra.gamma(2.0, size=n_a)
    w[(a_pos == 0) & welcome[a_m]] = 0.35
    starts = np.cumsum(n_items) - n_items
    wsum = np.add.reduceat(w, starts)
    budget = dur[a_m] - 5 * n_items[a_m]
    minutes = 5 + np.floor(w / wsum[a_m] * budget / 5).astype(np.int64) * 5
    msum = np.add.reduceat(minutes, starts)
    last_item = starts + n_items - 1
    minutes[last_item] += dur - msum
    is_refl_m = progress < rf
    u = ra.random(n_a)
    kind = np.where(is_refl_m[a_m], np.where(u < 0.78, 0, np.where(u < 0.88, 1, 2)),
                    np.where(u < 0.75, 1, np.where(u < 0.92, 0, 2)))
    kind[(a_pos == 0) & welcome[a_m]] = 2
    note_pick = ra.integers(0, 8, n_a)
    notes = pl.Series(np.select([kind == 0, kind == 1], [
        _take(_SYN_NOTES["reflection"], note_pick).to_numpy(), _take(_SYN_NOTES["production"], note_pick).to_numpy()],
        _take(_SYN_NOTES["other"], note_pick % 5).to_numpy()))
    notes = pl.DataFrame({"n": notes, "keep": ra.random(n_a) < 0.6}).select(
        pl.when(pl.col("keep")).then(pl.col("n")).otherwise(None)).to_series()
    agenda = pl.DataFrame({
        "meeting_id": meeting_id.gather(a_m),
        "item": pl.Series(a_pos + 1).cast(pl.Utf8),
        "kind": _take(("reflection", "production", "other"), kind),
        "minutes": minutes,
        "notes": notes,
    })

    # ---- members --------------------------------------------------------
    rp = _rng(seed, "syn:members")
    n_mem = rp.integers(42, 63, n_ch)
    b_ch, _b_pos = _group_index(n_mem)
    n_b = len(b_ch)
    n_p = max(1, int(round(n_b * 0.88)))
    perm = rp.permutation(n_b)
    person = np.where(perm < n_p, perm, rp.integers(0, n_p, n_b))
    for _ in range(20):  # a person is a member of a chantier at most once
        key = person.astype(np.int64) * (n_ch + 1) + b_ch
        _, first_idx = np.unique(key, return_index=True)
        dup = np.ones(n_b, dtype=bool)
        dup[first_idx] = False
        if not dup.any():
            break
        person[dup] = rp.integers(0, n_p, int(dup.sum()))
    keep = np.ones(n_b, dtype=bool)
    key = person.astype(np.int64) * (n_ch + 1) + b_ch
    _, first_idx = np.unique(key, return_index=True)
    keep[:] = False
    keep[first_idx] = True
    b_ch, person = b_ch[keep], person[keep]
    n_b = len(b_ch)
    founding = rp.random(n_b) < 0.86
    ch_span = last_held[b_ch] - start[b_ch]
    joined = np.where(founding, start[b_ch], start[b_ch] + (rp.uniform(0.05, 0.8, n_b) * ch_span).astype(np.int64))
    leaves = rp.random(n_b) < 0.1
    left = joined + (rp.uniform(0.3, 0.95, n_b) * (last_held[b_ch] - joined)).astype(np.int64) + 30
    leaves &= left < last_held[b_ch]
    # persons
    female = rp.random(n_p) < 0.58
    fi = rp.integers(0, len(FEMALE_FIRST), n_p)
    mi = rp.integers(0, len(MALE_FIRST), n_p)
    l1 = rp.integers(0, len(LAST_NAMES), n_p)
    l2 = rp.integers(0, len(LAST_NAMES), n_p)
    double = (rp.random(n_p) < 0.08) & (l1 != l2)
    first = pl.Series(np.where(female, _take(FEMALE_FIRST, fi).to_numpy(), _take(MALE_FIRST, mi).to_numpy()))
    first_a = pl.Series(np.where(female, _take([_ascii(x) for x in FEMALE_FIRST], fi).to_numpy(),
                                 _take([_ascii(x) for x in MALE_FIRST], mi).to_numpy()))
    last = _take(LAST_NAMES, l1) + pl.Series(np.where(double, "-", "")) + pl.Series(
        np.where(double, _take(LAST_NAMES, l2).to_numpy(), ""))
    last_a = _take([_ascii(x) for x in LAST_NAMES], l1) + pl.Series(np.where(double, "-", "")) + pl.Series(
        np.where(double, _take([_ascii(x) for x in LAST_NAMES], l2).to_numpy(), ""))
    base_email = first_a + "." + last_a
    emails = pl.DataFrame({"b": base_email}).with_columns(
        (pl.col("b").cum_count().over("b")).alias("k")).select(
        pl.when(pl.col("k") > 1).then(pl.col("b") + pl.col("k").cast(pl.Utf8)).otherwise(pl.col("b")) + "@example.org"
    ).to_series()
    level = _choice(rp, n_p, (0.4, 0.35, 0.25))
    function = _choice(rp, n_p, (0.45, 0.12, 0.22, 0.1, 0.06, 0.05))
    function = np.where(function == 4, 4, function)
    level = np.where(function == 4, 0, level)  # elected officials are local
    p_reg = _choice(rp, n_p, _REGION_WEIGHTS)
    region = _take(region_codes, p_reg)
    national_region = (level == 2) & (rp.random(n_p) < 0.5)
    region = pl.Series(np.where(national_region, "national", region.to_numpy()))
    field = rp.integers(0, len(_SYN_FIELDS), n_p)
    org_base = pl.Series(np.select([level == 0, level == 1], [
        _take([_ORGS.get(f, _ORGS["Développement communautaire"])[0] for f in _SYN_FIELDS], field).to_numpy(),
        _take([_ORGS.get(f, _ORGS["Développement communautaire"])[1] for f in _SYN_FIELDS], field).to_numpy()],
        _take([_ORGS.get(f, _ORGS["Développement communautaire"])[2] for f in _SYN_FIELDS], field).to_numpy()))
    reg_name = _take([REGIONS[c] for c in region_codes], p_reg)
    organisation = pl.DataFrame({"o": org_base, "r": reg_name, "lvl": level, "fn": function}).select(
        pl.when(pl.col("fn") == 1).then(None)
        .when(pl.col("lvl") == 2).then(pl.col("o"))
        .otherwise(pl.col("o") + " (" + pl.col("r") + ")")).to_series()
    member_id = _id_series("M", np.arange(1, n_p + 1), 6)
    propensity = rp.uniform(0.6, 0.95, n_b)
    members = pl.DataFrame({
        "member_id": member_id.gather(person),
        "chantier_id": chantier_id.gather(b_ch),
        "joined_on": _as_date_series("joined_on", joined),
        "full_name": (first + " " + last).gather(person),
        "email": emails.gather(person),
        "organisation": organisation.gather(person),
        "region": region.gather(person),
        "level": _take(("local", "regional", "national"), level).gather(person),
        "function": _take(("professional", "citizen", "manager", "researcher", "elected", "other"), function).gather(person),
        "practice_field": _take(_SYN_FIELDS, field).gather(person),
        "left_on": _as_date_series("left_on", left, ~leaves),
        "_female": pl.Series(female).gather(person),
    })

    # ---- attendance -----------------------------------------------------
    rt = _rng(seed, "syn:attendance")
    next_meeting = chantier_id + "-R" + pl.Series(n_meet + 1).cast(pl.Utf8).str.zfill(2)
    mt = pl.DataFrame({"m": np.arange(n_m, dtype=np.int64), "ch": m_ch.astype(np.int64), "held": held,
                       "virt": fmt != 0, "first": m_seq == 0})
    mb = pl.DataFrame({"b": np.arange(n_b, dtype=np.int64), "ch": b_ch.astype(np.int64), "joined": joined,
                       "left": np.where(leaves, left, np.iinfo(np.int64).max), "prop": propensity,
                       "p": person.astype(np.int64)})
    pairs = (mt.lazy().join(mb.lazy(), on="ch", how="inner")
             .filter((pl.col("joined") <= pl.col("held")) & (pl.col("held") < pl.col("left")))
             .sort(["m", "b"]).collect())
    n_t = pairs.height
    u1, u2 = rt.random(n_t), rt.random(n_t)
    prob = pairs["prop"].to_numpy() + 0.04 * pairs["virt"].to_numpy() + 0.06 * pairs["first"].to_numpy()
    status = np.where(u1 < prob, 0, np.where(u2 < 0.72, 2, 1))
    m_idx = pairs["m"].to_numpy()
    att_year = pl.Series(held[m_idx]).cast(pl.Int32).cast(pl.Date).dt.year()
    attendance = pl.DataFrame({
        "meeting_id": meeting_id.gather(m_idx),
        "member_id": member_id.gather(pairs["p"].to_numpy()),
        "status": _take(("present", "absent", "excused"), status),
        "_female": pl.Series(female).gather(pairs["p"].to_numpy()),
        "_next_meeting": next_meeting.gather(m_ch[m_idx]),
        "_year": att_year,
    })
    del pairs

    # ---- deliverables ----------------------------------------------------
    rd = _rng(seed, "syn:deliverables")
    n_del = rd.integers(3, 8, n_ch)
    d_ch, d_pos = _group_index(n_del)
    n_d = len(d_ch)
    d_type = _choice(rd, n_d, (0.22, 0.14, 0.2, 0.14, 0.12, 0.1, 0.08))
    d_span = last_held[d_ch] - start[d_ch]
    prod_start = start[d_ch] + (rd.uniform(refl[d_ch] * 0.9, 0.95) * d_span).astype(np.int64)
    prod_start = prod_start[np.lexsort((prod_start, d_ch))]  # numbered in order of production
    release = prod_start + rd.integers(90, 420, n_d)
    unreleased = (release > snap) | (rd.random(n_d) < 0.1)
    d_theme = theme[d_ch]
    deliverable_id = chantier_id.gather(d_ch) + "-L" + pl.Series(d_pos + 1).cast(pl.Utf8)
    deliverables = pl.DataFrame({
        "deliverable_id": deliverable_id,
        "chantier_id": chantier_id.gather(d_ch),
        "title": _take([_TITLE_PREFIX[t] for t in _TYPES], d_type) + " — " + _take([t[0] for t in _THEMES], d_theme),
        "type": _take(_TYPES, d_type),
        "audience": _take(_AUDIENCES, rd.integers(0, len(_AUDIENCES), n_d)),
        "production_started_on": _as_date_series("production_started_on", prod_start),
        "released_on": _as_date_series("released_on", np.minimum(release, snap), unreleased),
    })

    # ---- diffusion ---------------------------------------------------------
    rf_ = _rng(seed, "syn:diffusion")
    followed = ~unreleased & (rf_.random(n_d) > 0.08)
    n_f = np.where(followed, rf_.integers(10, 71, n_d), 0)
    f_d, _ = _group_index(n_f)
    n_fr = len(f_d)
    rel = release[f_d]
    rel_date = pl.Series(rel).cast(pl.Int32).cast(pl.Date)
    rel_month = (rel_date.dt.year() * 12 + rel_date.dt.month() - 1).to_numpy().astype(np.int64)
    snap_month = SYNTH_SNAPSHOT.year * 12 + SYNTH_SNAPSHOT.month - 1
    avail = np.clip(snap_month - rel_month + 1, 1, 36)
    month = rel_month + np.floor(rf_.random(n_fr) * avail).astype(np.int64)
    combos = (("web", "views", 0, 300), ("web", "downloads", 0, 60), ("newsletter", "views", 0, 500),
              ("social_media", "views", 0, 250), ("workshop", "participants", 1, 22),
              ("member_network", "uses_reported", 1, 3), ("member_network", "adaptations", 1, 1),
              ("conference", "participants", 1, 70), ("other", "uses_reported", 1, 2))
    combo = _choice(rf_, n_fr, (0.2, 0.2, 0.06, 0.12, 0.14, 0.14, 0.04, 0.05, 0.05))
    regional_c = np.array([c[2] for c in combos])[combo] == 1
    f_reg = _choice(rf_, n_fr, _REGION_WEIGHTS)
    f_region = np.where(regional_c, np.array(region_codes)[f_reg],
                        np.where(rf_.random(n_fr) < 0.5, "national", ""))
    scale_v = np.array([c[3] for c in combos], dtype=float)[combo]
    value = np.maximum(0, np.rint(rf_.lognormal(0, 0.6, n_fr) * scale_v))
    diffusion = pl.DataFrame({
        "deliverable_id": deliverable_id.gather(f_d),
        "observed_on": (pl.Series(month // 12).cast(pl.Utf8) + "-" + pl.Series(month % 12 + 1).cast(pl.Utf8).str.zfill(2)),
        "channel": _take([c[0] for c in combos], combo),
        "metric": _take([c[1] for c in combos], combo),
        "value": value,
        "region": pl.Series(f_region).replace("", None),
        "_dec": rf_.random(n_fr) < 0.1,
        "_web": np.isin(combo, [0, 1, 2, 3]),
    }).unique(subset=["deliverable_id", "observed_on", "channel", "region", "metric"], keep="first",
              maintain_order=True).sort(["deliverable_id", "observed_on", "channel", "metric"], maintain_order=True)

    # ---- surveys and responses ----------------------------------------------
    rs = _rng(seed, "syn:surveys")
    has_bilan = ~ongoing | (rs.random(n_ch) < 0.5)
    bilan_ch = np.flatnonzero(has_bilan)
    bilan_id = _id_series("bilan", bilan_ch + 1, 5)
    bilan_date = np.minimum(np.where(ongoing[bilan_ch], snap - 45, last_held[bilan_ch] + 30), snap - 7)
    sat_d = np.flatnonzero(~unreleased & (rs.random(n_d) < 0.35) & (release + 60 < snap))
    sat_id = _id_series("satis", sat_d + 1, 6)
    field_ch = np.flatnonzero(rs.random(n_ch) < 0.25)
    field_id = _id_series("terrain", field_ch + 1, 5)
    field_date = start[field_ch] + (refl[field_ch] * 0.5 * (last_held[field_ch] - start[field_ch])).astype(np.int64)
    surveys = pl.concat([
        pl.DataFrame({"survey_id": bilan_id, "title": pl.Series(["Sondage de fin de cycle auprès des membres"] * len(bilan_ch)),
                      "audience": pl.Series(["members"] * len(bilan_ch)), "chantier_id": chantier_id.gather(bilan_ch),
                      "deliverable_id": pl.Series([None] * len(bilan_ch), dtype=pl.Utf8),
                      "fielded_on": _as_date_series("fielded_on", bilan_date)}),
        pl.DataFrame({"survey_id": sat_id, "title": "Sondage de satisfaction : " + deliverables["title"].gather(sat_d),
                      "audience": pl.Series(["users"] * len(sat_d)),
                      "chantier_id": pl.DataFrame({"c": chantier_id.gather(d_ch[sat_d]), "k": rs.random(len(sat_d)) < 0.6})
                      .select(pl.when(pl.col("k")).then(pl.col("c")).otherwise(None)).to_series(),
                      "deliverable_id": deliverable_id.gather(sat_d),
                      "fielded_on": _as_date_series("fielded_on", release[sat_d] + 60)}),
        pl.DataFrame({"survey_id": field_id, "title": "Sondage terrain : " + _take([t[0] for t in _THEMES], theme[field_ch]),
                      "audience": pl.Series(["external"] * len(field_ch)), "chantier_id": chantier_id.gather(field_ch),
                      "deliverable_id": pl.Series([None] * len(field_ch), dtype=pl.Utf8),
                      "fielded_on": _as_date_series("fielded_on", field_date)}),
    ], how="vertical")

    # satisfaction surveys, long form
    rr = _rng(seed, "syn:responses")
    n_resp = rr.integers(30, 150, len(sat_d))
    s_s, s_pos = _group_index(n_resp)
    n_sr = len(s_s)
    sat_mu = rr.normal(0, 0.4, n_sr)
    q1 = np.clip(np.rint(4.0 + sat_mu + rr.normal(0, 0.8, n_sr)), 1, 5).astype(int) - 1
    q2 = np.clip(np.rint(3.9 + sat_mu + rr.normal(0, 0.8, n_sr)), 1, 5).astype(int) - 1
    q3 = _choice(rr, n_sr, (0.55, 0.2, 0.25))
    q4 = np.clip(np.rint(3.8 + sat_mu + rr.normal(0, 0.9, n_sr)), 1, 5).astype(int)
    q5_on = rr.random(n_sr) < 0.2
    q5 = rr.integers(0, len(OPEN_USE), n_sr)
    sid = sat_id.gather(s_s)
    rid = _id_series("R", s_pos + 1, 4)

    def long_block(qid: str, question: str, answers: pl.Series, mask: np.ndarray | None = None) -> pl.DataFrame:
        df = pl.DataFrame({"survey_id": sid_cur, "respondent_id": rid_cur, "answer": answers}).select(
            pl.col("survey_id").cast(pl.Utf8), pl.col("respondent_id").cast(pl.Utf8),
            pl.lit(qid, dtype=pl.Utf8).alias("question_id"), pl.col("answer").cast(pl.Utf8),
            pl.lit(question, dtype=pl.Utf8).alias("question"))
        return df.filter(pl.Series(mask)) if mask is not None else df

    sid_cur, rid_cur = sid, rid
    sat_long = pl.concat([
        long_block("Q1", "Satisfaction globale à l'égard du livrable", _take(SATIS_FR, q1)),
        long_block("Q2", "Le contenu répond à mes besoins.", _take(AGREE_FR, q2)),
        long_block("Q3", "Avez-vous utilisé le livrable dans votre pratique?", _take(("Oui", "Non", "Pas encore"), q3)),
        long_block("Q4", "Utilité pour votre démarche (1 à 5)", pl.Series(q4).cast(pl.Utf8)),
        long_block("Q5", "Commentaires", _take(OPEN_USE, q5), q5_on),
    ]).with_columns(pl.col("respondent_id").str.slice(1).cast(pl.Int64).alias("_r")).sort(
        ["survey_id", "_r", "question_id"]).drop("_r")

    # field surveys, long form
    n_fresp = rr.integers(80, 400, len(field_ch))
    g_s, g_pos = _group_index(n_fresp)
    n_gr = len(g_s)
    sid_cur, rid_cur = field_id.gather(g_s), _id_series("T", g_pos + 1, 4)
    orgs = ("Organisme communautaire", "Municipalité ou MRC", "Réseau de la santé", "Milieu scolaire", "Fondation", "Autre")
    field_long = pl.concat([
        long_block("Q1", "Type d'organisation", _take(orgs, _choice(rr, n_gr, (0.35, 0.2, 0.15, 0.12, 0.08, 0.1)))),
        long_block("Q2", "L'enjeu est une priorité dans votre milieu (1 à 5).",
                   pl.Series(np.clip(np.rint(3.6 + rr.normal(0, 1.0, n_gr)), 1, 5).astype(int)).cast(pl.Utf8)),
        long_block("Q3", "Participez-vous à une démarche collective sur cet enjeu?",
                   _take(("Oui", "Non"), (rr.random(n_gr) < 0.4).astype(int))),
        long_block("Q4", "Région administrative", _take([REGIONS[c] for c in region_codes],
                                                        _choice(rr, n_gr, _REGION_WEIGHTS))),
    ]).with_columns(pl.col("respondent_id").str.slice(1).cast(pl.Int64).alias("_r")).sort(
        ["survey_id", "_r", "question_id"]).drop("_r")

    # members' end-of-cycle surveys, wide (one row per respondent)
    mem_ch = pl.DataFrame({"b": np.arange(n_b), "ch": b_ch}).filter(pl.col("ch").is_in(bilan_ch.tolist()))
    pick = rr.random(mem_ch.height) < 0.7
    resp_b = mem_ch.filter(pl.Series(pick))["b"].to_numpy()
    resp_ch = b_ch[resp_b]
    bilan_pos = np.searchsorted(bilan_ch, resp_ch)
    n_w = len(resp_b)
    ts_base = bilan_date[bilan_pos].astype(np.int64) * 86400 + 8 * 3600
    # strictly increasing offsets within a survey keep timestamps unique per survey
    _, w_pos = _group_index(np.bincount(bilan_pos, minlength=len(bilan_ch)))
    ts = ts_base + w_pos * 1800 + rr.integers(0, 1700, n_w)
    horodateur = pl.Series(ts * 1_000_000).cast(pl.Datetime("us")).dt.strftime("%Y-%m-%d %H:%M:%S")
    p_eff = rr.normal(0, 0.35, n_w)
    wide_cols: dict[str, pl.Series] = {
        "Sondage": bilan_id.gather(bilan_pos),
        "Horodateur": horodateur,
        "Nom": members["full_name"].gather(resp_b),
        "Courriel": members["email"].gather(resp_b),
    }
    q_means = (4.3, 3.9, 4.0, 4.5, 4.4, 3.6, 4.0)
    for (_, q), mu in zip(MEMBER_SURVEY_LIKERT, q_means):
        sc = np.clip(np.rint(mu + p_eff + rr.normal(0, 0.75, n_w)), 1, 5).astype(int) - 1
        blank = rr.random(n_w) < 0.04
        wide_cols[q] = pl.Series(np.where(blank, "", np.array(AGREE_FR)[sc]))
    wide_cols[MEMBER_SURVEY_OPEN[1]] = pl.Series(np.where(rr.random(n_w) < 0.3, np.array(OPEN_IMPROVE)[
        rr.integers(0, len(OPEN_IMPROVE), n_w)], ""))
    wide = pl.DataFrame(wide_cols).with_columns(pl.Series("_pos", bilan_pos))
    questions = tuple(c for c in wide.columns if c not in ("Sondage", "Horodateur", "Nom", "Courriel", "_pos"))

    # ---- the files ------------------------------------------------------------
    outs: list[_Out] = [
        _Out("chantiers.csv", "chantiers", chantiers,
             {c: c for c in ("chantier_id", "name", "theme", "kind", "started_on", "ended_on", "funder")}, vocab="en"),
        _Out("membres.csv", "members", members,
             {"member_id": "Membre", "chantier_id": "Chantier", "full_name": "Nom complet", "email": "Courriel",
              "organisation": "Organisme", "region": "Région", "level": "Palier", "function": "Fonction",
              "practice_field": "Champ de pratique", "joined_on": "Date d'arrivée", "left_on": "Date de départ"},
             sep=";", encoding="cp1252", crlf=True, dates="dmy"),
        _Out("rencontres.csv", "meetings", meetings,
             {"meeting_id": "Rencontre", "chantier_id": "Chantier", "held_on": "Date",
              "duration_minutes": "Durée (minutes)", "format": "Modalité", "stage": "Étape"}, sep=";", dates="dmy-"),
        _Out("ordre_du_jour.csv", "agenda", agenda,
             {"meeting_id": "Rencontre", "item": "Point", "kind": "Nature", "minutes": "Durée", "notes": "Remarques"},
             sep=";", encoding="utf-8-sig", crlf=True),
    ]
    # attendance in up to four files by year, each in a different form
    years = attendance["_year"].to_numpy()
    uniq, cnt = np.unique(years, return_counts=True)
    n_parts = min(4, len(uniq))
    cuts = np.searchsorted(np.cumsum(cnt), np.arange(1, n_parts) * cnt.sum() / n_parts)
    groups = np.split(uniq, np.unique(cuts + 1)) if n_parts > 1 else [uniq]
    groups = [g for g in groups if len(g)]
    forms = (
        dict(headers={"meeting_id": "Rencontre", "member_id": "Membre", "status": "Statut"}, sep=";", crlf=True),
        dict(headers={"meeting_id": "rencontre_id", "member_id": "membre_id", "status": "Présence"}, sep="\t"),
        dict(headers={"meeting_id": "meeting_id", "member_id": "member_id", "status": "status"}, sep=",", vocab="en"),
        dict(headers={"meeting_id": "Rencontre", "member_id": "Membre", "status": "Statut"}, sep=";",
             encoding="cp1252", crlf=True),
    )
    biggest = int(np.argmax([cnt[np.isin(uniq, g)].sum() for g in groups]))
    for i, g in enumerate(groups):
        part = attendance.filter(pl.col("_year").is_in(g.tolist()))
        form = dict(forms[i % len(forms)])
        headers = form.pop("headers")
        outs.append(_Out(f"presences-{int(g.min())}-{int(g.max())}.csv", "attendance", part, headers,
                         repeat_header=(i == biggest), orphans=(i == len(groups) - 1), **form))
    outs += [
        _Out("livrables.csv", "deliverables", deliverables,
             {"deliverable_id": "Livrable", "chantier_id": "Chantier", "title": "Titre", "type": "Type",
              "audience": "Public cible", "production_started_on": "Début de production",
              "released_on": "Date de diffusion"}),
        _Out("suivis_web.csv", "diffusion", diffusion.filter(pl.col("_web")),
             {"deliverable_id": "Livrable", "observed_on": "Période", "channel": "Canal", "region": "Région",
              "metric": "Mesure", "value": "Valeur"}, sep=";", decimal_comma=True),
        _Out("suivis_terrain.csv", "diffusion", diffusion.filter(~pl.col("_web")).with_columns(
            pl.Series("_code", _rng(seed, "syn:codes").random(int((~diffusion["_web"]).sum())) < 0.5)),
             {"deliverable_id": "livrable_id", "observed_on": "periode", "channel": "canal", "region": "region",
              "metric": "indicateur", "value": "valeur"}, sep=";", decimal_comma=True, regions="mixed"),
        _Out("sondages.xlsx", "surveys", surveys,
             {"survey_id": "Sondage", "title": "Titre", "audience": "Public", "chantier_id": "Chantier",
              "deliverable_id": "Livrable", "fielded_on": "Date de collecte"}, sheet="sondages"),
        _Out("reponses_satisfaction.csv", "responses", sat_long,
             {"survey_id": "Sondage", "respondent_id": "Répondant", "question_id": "No question",
              "question": "Question", "answer": "Réponse"}),
        _Out("reponses_terrain.csv", "responses", field_long,
             {"survey_id": "survey_id", "respondent_id": "respondent_id", "question_id": "question_id",
              "question": "question", "answer": "answer"}, sep=";"),
    ]
    # wide exports: the first members' surveys one file each (survey named by the stem),
    # all the others in one export with a survey column
    n_single = min(3, len(bilan_ch))
    for j in range(n_single):
        sub = wide.filter(pl.col("_pos") == j).drop("Sondage", "_pos")
        outs.append(_Out(f"responses_{bilan_id[j]}.csv", "responses", sub, {c: c for c in sub.columns},
                         wide_questions=questions))
    rest = wide.filter(pl.col("_pos") >= n_single).drop("_pos")
    if rest.height:
        outs.append(_Out("reponses_bilans_membres.csv", "responses", rest, {c: c for c in rest.columns},
                         wide_questions=questions))
    return outs

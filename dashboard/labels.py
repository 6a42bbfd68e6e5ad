"""Every text the dashboard shows, in French (first) and English.

STRINGS: key -> {"fr", "en"}; `{placeholders}` are filled by `dashboard.i18n.t`.
VOCABULARY: vocabulary -> canonical value -> {"fr", "en"} (agenda kinds, functions,
regions, channels...). A test checks that every entry has both forms and that every
key the code names exists.
"""

from __future__ import annotations

from pipelines.contract import REGIONS


def _pairs(**entries: tuple[str, str]) -> dict[str, dict[str, str]]:
    return {key: {"fr": fr, "en": en} for key, (fr, en) in entries.items()}


STRINGS: dict[str, dict[str, str]] = {
    # --- application -------------------------------------------------------------------------
    "app.title": {"fr": "Chantiers partenariaux — tableau de bord", "en": "Partnership workgroups — dashboard"},
    "app.about": {"fr": "Tableau de bord de la coordination des chantiers partenariaux : participation, "
                        "réflexion et production, appropriation des livrables.",
                  "en": "Coordinators' dashboard for partnership workgroups: participation, reflection and "
                        "production, uptake of deliverables."},
    "app.sidebar_caption": {"fr": "Données confidentielles : réservé à la coordination.",
                            "en": "Confidential data: for coordinators only."},
    "app.failed_models": {
        "fr": "{n} modèle(s) n'ont pas pu être construits ({models}) : les pages qui les lisent montrent les "
              "données d'avant, ou aucune. Lancez « chantiers build » pour voir l'erreur et son fichier dans sql/.",
        "en": "{n} model(s) could not be built ({models}): the pages reading them show older data, or none. Run "
              "`chantiers build` to see the error and its file in sql/."},
    "nav.analysis": {"fr": "Analyse", "en": "Analysis"},
    "nav.data": {"fr": "Données", "en": "Data"},
    "ui.language": {"fr": "Langue", "en": "Language"},
    "ui.stop": {"fr": "Arrêter", "en": "Stop"},  # Streamlit's button while a page runs
    # A table's column menu (Streamlit's, drawn over on the French page: state.french_widgets)
    "table_menu.sort_ascending": {"fr": "Trier en ordre croissant", "en": "Sort ascending"},
    "table_menu.sort_descending": {"fr": "Trier en ordre décroissant", "en": "Sort descending"},
    "table_menu.statistics": {"fr": "Statistiques", "en": "Statistics"},
    "table_menu.autosize": {"fr": "Ajuster la largeur", "en": "Autosize"},
    "table_menu.pin": {"fr": "Épingler ou détacher la colonne", "en": "Pin column"},
    "table_menu.hide": {"fr": "Masquer la colonne", "en": "Hide column"},
    "ui.see_data": {"fr": "Voir les données", "en": "See the data"},
    "ui.see_sql": {"fr": "Voir le SQL (analystes)", "en": "See the SQL (analysts)"},
    "ui.sql_query": {"fr": "Requête exécutée sur les marts :", "en": "Query run on the marts:"},
    "ui.sql_params": {"fr": "Paramètres (filtres) :", "en": "Parameters (filters):"},
    "ui.sql_model": {"fr": "Modèle {model} (sql/) :", "en": "Model {model} (sql/):"},
    "ui.sql_model_missing": {"fr": "Fichier du modèle introuvable.", "en": "Model file not found."},
    "ui.charted_most_active": {
        "fr": "Les {n} chantiers les plus actifs sur {total} ; choisissez-en d'autres dans le filtre Chantiers.",
        "en": "The {n} most active of {total} chantiers; pick others in the Chantiers filter."},
    "ui.charted_most_active_chosen": {
        "fr": "Les {n} chantiers les plus actifs parmi les {total} choisis qui ont des données à tracer dans "
              "la période ; retirez-en du filtre Chantiers pour voir les autres.",
        "en": "The {n} most active of the {total} chantiers picked that have data to draw in the period; "
              "remove some from the Chantiers filter to see the others."},
    "ui.charted_help": {
        "fr": "Les plus actifs : ceux qui ont tenu le plus de rencontres dans la période (à égalité, par "
              "ordre alphabétique), ceux qui ont les données du graphique (présences, ordre du jour) d'abord. Un graphique distingue au plus {colours} chantiers par leurs couleurs ; "
              "parmi les chantiers choisis dans le filtre, il en nomme au plus {axis} sur un axe. Les chiffres clés comptent tous les chantiers.",
        "en": "Most active: those that held the most meetings in the period (ties in alphabetical order), "
              "those with the chart's data (attendance, agenda) first. A "
              "chart tells at most {colours} chantiers apart by colour; of the chantiers picked in the filter, it "
              "names at most {axis} on an axis. "
              "The headline figures count every chantier."},
    "ui.table_first_rows": {
        "fr": "{shown} premières lignes sur {total} à l'écran ; les téléchargements les contiennent toutes.",
        "en": "First {shown} of {total} rows on screen; the downloads hold them all."},
    "ui.download_csv": {"fr": "Télécharger (CSV)", "en": "Download (CSV)"},
    "ui.download_xlsx": {"fr": "Télécharger (Excel)", "en": "Download (Excel)"},
    "ui.no_data_filters": {"fr": "Aucune donnée pour ces filtres. Élargissez la période ou les chantiers.",
                           "en": "No data for these filters. Widen the period or the chantiers."},
    "privacy.personal": {"fr": "Renseignements personnels : ne pas diffuser hors de la coordination.",
                         "en": "Personal information: do not share outside the coordination team."},
    "value.unspecified": {"fr": "Non précisé", "en": "Not specified"},
    # --- filters -----------------------------------------------------------------------------
    "filters.header": {"fr": "Filtres", "en": "Filters"},
    "filters.chantiers": {"fr": "Chantiers", "en": "Chantiers"},
    "filters.select_all": {"fr": "Tout sélectionner", "en": "Select all"},
    "filters.select_matches": {"fr": "Sélectionner tous les résultats", "en": "Select the matches"},
    "filters.no_results": {"fr": "Aucun résultat", "en": "No results"},
    "filters.all_chantiers": {"fr": "Tous les chantiers", "en": "All chantiers"},
    "filters.period": {"fr": "Période", "en": "Period"},
    "filters.regions": {"fr": "Régions", "en": "Regions"},
    "filters.all_regions": {"fr": "Toutes les régions", "en": "All regions"},
    "filters.region_note": {"fr": "Le filtre de région s'applique aux membres et aux suivis de diffusion.",
                            "en": "The region filter applies to members and to diffusion follow-ups."},
    # --- pages: navigation titles ------------------------------------------------------------
    "page.overview.nav": {"fr": "Vue d'ensemble", "en": "Overview"},
    "page.participation.nav": {"fr": "Participation", "en": "Participation"},
    "page.reflection.nav": {"fr": "Réflexion et production", "en": "Reflection and production"},
    "page.deliverables.nav": {"fr": "Livrables et appropriation", "en": "Deliverables and uptake"},
    "page.surveys.nav": {"fr": "Sondages", "en": "Surveys"},
    "page.analyses.nav": {"fr": "Analyses", "en": "Analyses"},
    "page.quality.nav": {"fr": "Qualité des données", "en": "Data quality"},
    "page.upload.nav": {"fr": "Charger des fichiers", "en": "Load files"},
    "page.empty.nav": {"fr": "Bienvenue", "en": "Welcome"},
    # --- overview ----------------------------------------------------------------------------
    "page.overview.title": {"fr": "Vue d'ensemble", "en": "Overview"},
    "page.overview.intro": {"fr": "Les chantiers en un coup d'œil, situation au {as_of}.",
                            "en": "The chantiers at a glance, as of {as_of}."},
    "page.overview.per_chantier": {"fr": "Chaque chantier et sa santé", "en": "Each chantier and its health"},
    "kpi.active_chantiers": {"fr": "Chantiers actifs", "en": "Active chantiers"},
    "kpi.members": {"fr": "Membres", "en": "Members"},
    "kpi.meetings": {"fr": "Rencontres", "en": "Meetings"},
    "kpi.hours": {"fr": "Heures de coconstruction", "en": "Hours of co-construction"},
    "kpi.deliverables": {"fr": "Livrables diffusés", "en": "Deliverables released"},
    "kpi.reach": {"fr": "Portée", "en": "Reach"},
    "health.settings": {"fr": "Régler les seuils des signaux", "en": "Set the flags' thresholds"},
    "health.th.attendance_share": {"fr": "Masse critique : présence minimale (% des membres)",
                                   "en": "Critical mass: minimum attendance (% of members)"},
    "health.th.min_present": {"fr": "Masse critique : personnes présentes, au moins",
                              "en": "Critical mass: people present, at least"},
    "health.th.consecutive": {"fr": "Rencontres de suite sous la masse critique",
                              "en": "Meetings in a row under critical mass"},
    "health.th.reflection_share": {"fr": "Réflexion prolongée : part de réflexion au-delà de (%)",
                                   "en": "Long reflection: reflection share above (%)"},
    "health.th.reflection_consecutive": {"fr": "Rencontres de suite surtout en réflexion",
                                         "en": "Meetings in a row mostly reflection"},
    "health.th.grace_days": {"fr": "Sans signal de réflexion pendant les premiers (jours)",
                             "en": "No reflection flag during the first (days)"},
    "health.th.inactive_months": {"fr": "Sans rencontre depuis (mois)", "en": "No meeting for (months)"},
    "health.th.followup_months": {"fr": "Livrable sans suivi après (mois)",
                                  "en": "Deliverable with no follow-up after (months)"},
    "health.header": {"fr": "Santé des chantiers", "en": "Health of the chantiers"},
    "health.flag.attendance": {"fr": "Masse critique", "en": "Critical mass"},
    "health.flag.reflection": {"fr": "Réflexion prolongée", "en": "Long reflection"},
    "health.flag.inactivity": {"fr": "Sans rencontre", "en": "No meeting"},
    "health.flag.followup": {"fr": "Suivi des livrables", "en": "Deliverable follow-up"},
    "health.active": {"fr": "▲ À surveiller", "en": "▲ Watch"},
    "health.past": {"fr": "● Déjà survenu", "en": "● Happened before"},
    "health.ok": {"fr": "✓ Correct", "en": "✓ Fine"},
    "health.legend": {"fr": "▲ À surveiller : la situation dure à la fin de la période. ● Déjà survenu : "
                            "elle s'est produite plus tôt dans la période. ✓ Correct : jamais dans la période.",
                      "en": "▲ Watch: the situation holds at the end of the period. ● Happened before: earlier "
                            "in the period. ✓ Fine: never in the period."},
    "health.active_header": {"fr": "Signaux à surveiller ({n})", "en": "Flags to watch ({n})"},
    "health.more_active": {"fr": "… et {n} autres signaux actifs : voyez le tableau ci-dessus.",
                           "en": "… and {n} more active flags: see the table above."},
    "health.none_active": {"fr": "Aucun signal à surveiller à la fin de la période.",
                           "en": "No flag to watch at the end of the period."},
    "health.detail.attendance": {
        "fr": "**{chantier}** : présence sous la masse critique (moins de {share} % des membres ou moins de "
              "{min_present} personnes) à {n} rencontres de suite ou plus, depuis le {since}.",
        "en": "**{chantier}**: attendance under critical mass (under {share}% of members or fewer than "
              "{min_present} people) at {n} meetings in a row or more, since {since}."},
    "health.detail.reflection": {
        "fr": "**{chantier}** : plus de {reflection} % du temps en réflexion à {n_reflection} rencontres de suite "
              "ou plus après la première année, depuis le {since}.",
        "en": "**{chantier}**: over {reflection}% of the time in reflection at {n_reflection} meetings in a row "
              "or more after the first year, since {since}."},
    "health.detail.inactivity": {
        "fr": "**{chantier}** : aucune rencontre depuis le {since} (plus de {months} mois).",
        "en": "**{chantier}**: no meeting since {since} (over {months} months)."},
    "health.detail.followup": {
        "fr": "**{chantier}** : {count} livrable(s) diffusé(s) sans aucun suivi dans les {followup} mois : {subject}.",
        "en": "**{chantier}**: {count} deliverable(s) released with no follow-up within {followup} months: "
              "{subject}."},
    # --- participation -----------------------------------------------------------------------
    "page.participation.title": {"fr": "Participation", "en": "Participation"},
    "page.participation.intro": {
        "fr": "Qui vient, qui reste, et quelles perspectives sont autour de la table.",
        "en": "Who comes, who stays, and which perspectives are around the table."},
    "page.participation.attendance": {"fr": "Présence et masse critique", "en": "Attendance and critical mass"},
    "page.participation.attendance_note": {
        "fr": "Une rencontre dont les présences ne sont pas encore chargées n'a pas de taux : elle n'apparaît "
              "pas sur le graphique et n'est pas comptée sous la masse critique.",
        "en": "A meeting whose attendance is not loaded yet has no rate: it is left off the chart and is not "
              "counted as under critical mass."},
    "page.participation.members": {"fr": "Arrivées, départs et engagement", "en": "Arrivals, departures and engagement"},
    "page.participation.tiers_note": {
        "fr": "Noyau : présent à au moins 2 rencontres sur 3 ; périphérie : moins d'une sur 3.",
        "en": "Core: present at two meetings in three or more; periphery: under one in three."},
    "page.participation.diversity": {"fr": "Diversité des perspectives", "en": "Diversity of perspectives"},
    "page.participation.dimension": {"fr": "Perspective", "en": "Perspective"},
    "page.participation.blau_note": {
        "fr": "Indice de Blau : probabilité que deux personnes présentes prises au hasard diffèrent "
              "(0 = toutes semblables).",
        "en": "Blau index: the probability that two people present, drawn at random, differ (0 = all alike)."},
    "page.participation.pick_chantier": {"fr": "Chantier", "en": "Chantier"},
    "page.participation.grid": {"fr": "Présences par membre et par rencontre",
                                "en": "Attendance by member and meeting"},
    "page.participation.grid_note": {
        "fr": "Grille nominative, réservée à la coordination.",
        "en": "Named grid, for the coordination team only."},
    "dimension.function": {"fr": "Fonction", "en": "Function"},
    "dimension.level": {"fr": "Palier", "en": "Level"},
    "dimension.region": {"fr": "Région", "en": "Region"},
    "dimension.practice_field": {"fr": "Champ de pratique", "en": "Practice field"},
    # --- reflection --------------------------------------------------------------------------
    "page.reflection.title": {"fr": "Réflexion et production", "en": "Reflection and production"},
    "page.reflection.intro": {
        "fr": "L'équilibre entre la réflexion (analyse, compréhension commune, débat) et la production "
              "(rédaction, conception, diffusion), d'après l'ordre du jour des rencontres.",
        "en": "The balance between reflection (analysis, shared understanding, debate) and production "
              "(writing, designing, diffusing), from the meetings' agendas."},
    "page.reflection.turning": {"fr": "Le passage à la production", "en": "The turn to production"},
    "page.reflection.turned": {
        "fr": "- **{chantier}** : dans la période, la production l'emporte pour la première fois deux rencontres de "
              "suite à partir de la rencontre n° {seq} ({date}).",
        "en": "- **{chantier}**: in the period, production first outweighs reflection two meetings in a row from "
              "meeting no. {seq} ({date})."},
    "page.reflection.never": {"fr": "- Pas encore de passage à la production : {chantiers}.",
                              "en": "- No turn to production yet: {chantiers}."},
    "page.reflection.no_turning": {"fr": "Aucun chantier n'est encore passé à la production.",
                                   "en": "No chantier has turned to production yet."},
    "page.reflection.by_meeting": {"fr": "Rencontre par rencontre", "en": "Meeting by meeting"},
    "page.reflection.pick_chantier": {"fr": "Chantier", "en": "Chantier"},
    "page.reflection.compared": {"fr": "Par étape et par chantier", "en": "By stage and by chantier"},
    "chart.by_stage.subtitle": {"fr": "Étapes dans l'ordre où elles apparaissent", "en": "Stages in the order they appear"},
    # --- deliverables ------------------------------------------------------------------------
    "page.deliverables.title": {"fr": "Livrables et appropriation", "en": "Deliverables and uptake"},
    "page.deliverables.intro": {
        "fr": "De la production à la diffusion, puis l'appropriation par les milieux.",
        "en": "From production to release, then uptake in the field."},
    "page.deliverables.reach": {"fr": "Portée de la diffusion", "en": "Reach of the diffusion"},
    "page.deliverables.funnel": {"fr": "De la portée à l'adaptation", "en": "From reach to adaptation"},
    "page.deliverables.funnel_note": {
        "fr": "Portée : vues, téléchargements et participants ; portée, utilisations et adaptations : les suivis de "
              "la période (et des régions) choisies, comme plus haut. Satisfaits : répondants dont la note moyenne "
              "aux sondages sur les livrables de la liste est d'au moins 4 sur 5, quelles que soient la date du "
              "sondage et la région. Échelle compressée pour lire les petites valeurs.",
        "en": "Reach: views, downloads and participants; reach, uses and adaptations: the follow-ups of the period "
              "(and regions) chosen, as above. Satisfied: respondents whose mean score in the surveys on the "
              "deliverables listed is 4 out of 5 or more, whatever the survey's date and region. Compressed scale "
              "so small values stay readable."},
    "page.deliverables.detail": {"fr": "Détail d'un livrable", "en": "One deliverable in detail"},
    "page.deliverables.pick": {"fr": "Livrable", "en": "Deliverable"},
    "deliverable.not_released": {"fr": "Pas encore diffusé", "en": "Not released yet"},
    "deliverable.no_followup": {"fr": "Aucun suivi de diffusion pour ce livrable dans la période (et les régions) "
                                      "choisies.",
                                "en": "No diffusion follow-up for this deliverable in the period (and regions) "
                                      "chosen."},
    # --- surveys -----------------------------------------------------------------------------
    "page.surveys.title": {"fr": "Sondages", "en": "Surveys"},
    "page.surveys.intro": {"fr": "Les réponses aux questions à échelle (1 à 5) et les commentaires.",
                           "en": "Answers to scaled questions (1 to 5) and comments."},
    "page.surveys.pick": {"fr": "Sondage", "en": "Survey"},
    "page.surveys.about": {"fr": "Public : {audience} · Chantier : {chantier}",
                           "en": "Audience: {audience} · Chantier: {chantier}"},
    "page.surveys.compare": {"fr": "Comparer les chantiers ou les vagues", "en": "Compare chantiers or waves"},
    "page.surveys.no_compare": {"fr": "Aucune question n'est posée dans plus d'un sondage.",
                                "en": "No question is asked in more than one survey."},
    "page.surveys.pick_question": {"fr": "Question", "en": "Question"},
    "page.surveys.open": {"fr": "Réponses ouvertes et à choix", "en": "Open and multiple-choice answers"},
    "page.surveys.open_note": {"fr": "Les questions sans note : réponses libres, ou comptées par réponse quand "
                                     "elles se répètent. Réservées à la coordination.",
                               "en": "The questions without a score: free-text answers, or counted by answer when "
                                     "they repeat. For the coordination team only."},
    "page.surveys.no_open": {"fr": "Toutes les questions de ce sondage sont notées (voir plus haut).",
                             "en": "Every question of this survey is scored (see above)."},
    "page.surveys.answers": {"fr": "{question} ({n} réponses)", "en": "{question} ({n} answers)"},
    "page.surveys.choices": {"fr": "{question} ({n} réponses, {k} différentes)",
                             "en": "{question} ({n} answers, {k} different)"},
    # --- quality -----------------------------------------------------------------------------
    "page.analyses.title": {"fr": "Analyses", "en": "Analyses"},
    "page.analyses.intro": {
        "fr": "Chaque table de sql/marts/, y compris celles qu'ajoutent les analystes : son grain, ses lignes, "
              "ses téléchargements et son SQL. Un mart ajouté paraît ici dès sa construction.",
        "en": "Every table of sql/marts/, those analysts add included: its grain, its rows, its downloads and its "
              "SQL. A mart added shows here as soon as it is built."},
    "page.analyses.none": {"fr": "Aucun mart dans l'entrepôt : lancez « chantiers build ».",
                           "en": "No mart in the warehouse: run `chantiers build`."},
    "page.analyses.pick": {"fr": "Mart", "en": "Mart"},
    "page.analyses.grain": {"fr": "Une ligne par : {grain} (le grain du mart ; son fichier le décrit sous « Voir le SQL (analystes) »).",
                            "en": "One row per: {grain} (the mart's grain; its file describes it under \"See the SQL (analysts)\")."},
    "page.analyses.no_grain": {"fr": "Ce mart n'a pas de fichier dans sql/marts/ qui dise son grain.",
                               "en": "This mart has no file in sql/marts/ stating its grain."},
    "page.analyses.filters": {"fr": "Filtres de la barre latérale appliqués : {filters}.",
                              "en": "Sidebar filters applied: {filters}."},
    "page.analyses.filter_chantier": {"fr": "chantiers ({column})", "en": "chantiers ({column})"},
    "page.analyses.filter_period": {"fr": "période ({column})", "en": "period ({column})"},
    "page.analyses.filter_region": {"fr": "régions ({column})", "en": "regions ({column})"},
    "page.analyses.no_filter": {"fr": "Aucun filtre de la barre latérale ne s'applique à ce mart (ni chantier_id, "
                                      "ni region).",
                                "en": "No sidebar filter applies to this mart (no chantier_id, no region)."},
    "page.analyses.no_period": {
        "fr": "La période ne s'applique pas : ce mart n'a pas de date d'événement ({dates}) ; il montre toutes ses "
              "lignes, quelle que soit la période.",
        "en": "The period does not apply: this mart has no event date ({dates}); it shows all its rows, whatever "
              "the period."},
    "page.analyses.rows": {"fr": "{n} ligne(s)", "en": "{n} row(s)"},
    "page.analyses.no_download": {
        "fr": "Pas de téléchargement : ce mart lit des colonnes personnelles ({columns}), ou n'a pas de fichier "
              "dans sql/marts/ qui dise ce qu'il contient. Les renseignements personnels restent dans la vue de "
              "la coordination.",
        "en": "No download: this mart reads personal columns ({columns}), or has no file in sql/marts/ saying "
              "what it holds. Personal information stays in the coordination team's view."},
    "page.quality.title": {"fr": "Qualité des données", "en": "Data quality"},
    "page.quality.intro": {
        "fr": "Ce que les chargements ont accepté, mis de côté ou signalé, avec les raisons, pour corriger "
              "les fichiers puis les recharger.",
        "en": "What the loads accepted, set aside or flagged, with the reasons, to fix the files and load "
              "them again."},
    "kpi.rows": {"fr": "Lignes dans l'entrepôt", "en": "Rows in the warehouse"},
    "kpi.rejects": {"fr": "Lignes rejetées", "en": "Rejected rows"},
    "kpi.quarantine": {"fr": "Lignes en attente", "en": "Rows waiting"},
    "kpi.warnings": {"fr": "Avertissements", "en": "Warnings"},
    "page.quality.freshness": {"fr": "Fraîcheur de chaque source", "en": "Freshness of each source"},
    "page.quality.rejects": {"fr": "Rejets", "en": "Rejects"},
    "page.quality.rejects_note": {
        "fr": "Lignes non chargées : corrigez la cellule indiquée dans le fichier, puis rechargez-le. Une ligne "
              "rejetée pour deux cellules y figure deux fois.",
        "en": "Rows not loaded: fix the cell shown in the file, then load it again. A row rejected for two cells "
              "is listed twice."},
    "page.quality.quarantine": {"fr": "En attente (quarantaine)", "en": "Waiting (quarantine)"},
    "page.quality.quarantine_note": {
        "fr": "Lignes qui citent un élément pas encore chargé ; elles entreront d'elles-mêmes quand il le sera.",
        "en": "Rows naming something not loaded yet; they go in by themselves once it is."},
    "page.quality.warnings": {"fr": "Avertissements", "en": "Warnings"},
    "page.quality.warnings_note": {"fr": "Faits possibles mais peu plausibles : à vérifier.",
                                   "en": "Possible but implausible facts: to check."},
    "page.quality.ledger": {"fr": "Registre des chargements", "en": "Ledger of loads"},
    "page.quality.no_rejects": {"fr": "Aucun rejet.", "en": "No reject."},
    "page.quality.no_quarantine": {"fr": "Aucune ligne en attente.", "en": "No row waiting."},
    "page.quality.no_warnings": {"fr": "Aucun avertissement.", "en": "No warning."},
    "page.quality.no_ledger": {"fr": "Aucun chargement enregistré.", "en": "No load recorded."},
    # --- upload ------------------------------------------------------------------------------
    "page.upload.title": {"fr": "Charger des fichiers", "en": "Load files"},
    "page.upload.intro": {
        "fr": "Déposez vos fichiers CSV ou Excel (un fichier par source, ou un classeur dont les onglets portent "
              "le nom des sources). Vous verrez d'abord ce qui se passerait, puis vous confirmerez.",
        "en": "Drop your CSV or Excel files (one file per source, or a workbook whose sheets are named after "
              "the sources). You will first see what would happen, then confirm."},
    "page.upload.drop": {"fr": "Fichiers à charger", "en": "Files to load"},
    "page.upload.browse": {"fr": "Choisir des fichiers", "en": "Upload"},
    "page.upload.limit": {"fr": "{size} Mo par fichier", "en": "{size}MB per file"},
    "page.upload.drag_over": {"fr": "Déposez les fichiers ici", "en": "Drop the files here"},
    "page.upload.drop_help": {
        "fr": "Le nom du fichier indique la source : membres.csv, presences-hiver.csv, rencontres_2015.xlsx…",
        "en": "The file name says the source: members.csv, attendance-winter.csv, meetings_2015.xlsx…"},
    "upload.checking": {"fr": "Vérification des fichiers…", "en": "Checking the files…"},
    "upload.loading": {"fr": "Chargement en cours…", "en": "Loading…"},
    "upload.plan": {"fr": "Ce qui se passerait", "en": "What would happen"},
    "upload.plan_note": {"fr": "Rien n'est encore chargé : vérifiez, puis confirmez.",
                         "en": "Nothing is loaded yet: check, then confirm."},
    "upload.confirm": {"fr": "Confirmer le chargement", "en": "Confirm the load"},
    "upload.same_name": {"fr": "Plusieurs fichiers déposés portent le même nom ({names}). Un fichier est identifié "
                               "par son nom : renommez-les (ex. presences-2019.csv, presences-2020.csv), puis "
                               "déposez-les de nouveau.",
                         "en": "Several files dropped have the same name ({names}). A file is identified by its "
                               "name: rename them (e.g. attendance-2019.csv, attendance-2020.csv), then drop them "
                               "again."},
    "upload.busy": {"fr": "Un autre chargement est en cours. Réessayez dans un moment.",
                    "en": "Another load is running. Try again in a moment."},
    "upload.memory": {"fr": "Mémoire insuffisante pour terminer : rien n'a été chargé. Déposez moins de fichiers à la "
                            "fois, ou chargez-les avec la commande chantiers load.",
                      "en": "Not enough memory to finish: nothing was loaded. Drop fewer files at a time, or load "
                            "them with the chantiers load command."},
    "upload.done": {"fr": "Chargement terminé", "en": "Load finished"},
    "upload.done_note": {"fr": "Chargement {batch} terminé : les autres pages montrent maintenant ces données.",
                         "en": "Load {batch} finished: the other pages now show this data."},
    "upload.done_unbuilt": {
        "fr": "Chargement {batch} enregistré, mais des modèles n'ont pas pu être reconstruits (voir ci-dessous) : "
              "les pages peuvent montrer les données d'avant ce chargement jusqu'à ce que sql/ soit corrigé.",
        "en": "Load {batch} saved, but some models could not be rebuilt (see below): the pages may show the data "
              "from before this load until sql/ is fixed."},
    "upload.requarantined": {
        "fr": "{n} présence(s) remise(s) en attente : leur rencontre a changé de chantier et le membre n'y est pas "
              "(page Qualité des données, section « En attente (quarantaine) »).",
        "en": "{n} attendance row(s) sent back to waiting: their meeting moved to a chantier the member is not in "
              "(Data quality page, section \"Waiting (quarantine)\")."},
    "upload.files": {"fr": "Fichiers", "en": "Files"},
    "upload.refused": {"fr": "Refusés", "en": "Refused"},
    "upload.accepted": {"fr": "Lignes acceptées", "en": "Rows accepted"},
    "upload.rejected": {"fr": "Lignes rejetées", "en": "Rows rejected"},
    "upload.quarantined": {"fr": "Lignes en attente", "en": "Rows waiting"},
    "upload.released": {"fr": "Sorties de l'attente", "en": "Released from waiting"},
    "upload.rejects_of": {"fr": "Rejets de {file} ({n})", "en": "Rejects of {file} ({n})"},
    "upload.rejects_first": {"fr": "Les {shown} premiers rejets sur {total} ; une fois le fichier chargé, la page "
                                   "Qualité des données les télécharge tous.",
                             "en": "The first {shown} of {total} rejects; once the file is loaded, the Data quality "
                                   "page downloads them all."},
    "upload.warnings": {"fr": "{n} avertissement(s) sur ces fichiers : des faits possibles mais peu plausibles, "
                              "lignes acceptées ; la page Qualité des données les détaille.",
                        "en": "{n} warning(s) on these files: possible but unlikely facts, rows accepted; the Data "
                              "quality page details them."},
    "upload.released_from": {"fr": "Sorties de la quarantaine, des fichiers chargés plus tôt : {files}.",
                             "en": "Released from quarantine, from files loaded earlier: {files}."},
    "upload.nothing_new": {"fr": "Rien à charger : ces fichiers sont déjà dans l'entrepôt tels quels, ou refusés.",
                           "en": "Nothing to load: these files are already in the warehouse as they are, or refused."},
    "upload.refused_note": {"fr": "Les fichiers refusés ne seront pas chargés ; les autres le seront.",
                            "en": "Refused files will not be loaded; the others will."},
    # --- empty warehouse ---------------------------------------------------------------------
    "page.empty.title": {"fr": "Bienvenue : aucune donnée pour l'instant", "en": "Welcome: no data yet"},
    "page.empty.intro": {
        "fr": "L'entrepôt ne contient encore aucun chantier. Chargez les fichiers de vos chantiers pour voir "
              "le tableau de bord.",
        "en": "The warehouse holds no chantier yet. Load your chantiers' files to see the dashboard."},
    "page.empty.go_upload": {"fr": "Charger des fichiers", "en": "Load files"},
    "page.empty.files": {"fr": "Les fichiers attendus (colonnes obligatoires)",
                         "en": "The files expected (required columns)"},
    "page.empty.order": {"fr": "Les fichiers peuvent arriver dans n'importe quel ordre et en plusieurs fois.",
                         "en": "Files may come in any order and over several loads."},
    "page.empty.cli": {"fr": "En ligne de commande", "en": "From the command line"},
    # --- chart titles -----------------------------------------------------------------------
    "chart.hours.title": {"fr": "Heures de coconstruction par chantier", "en": "Hours of co-construction per chantier"},
    "chart.hours.subtitle": {"fr": "Somme des durées des rencontres de la période",
                             "en": "Sum of the meetings' durations in the period"},
    "chart.attendance.title": {"fr": "Taux de présence à chaque rencontre, face à la masse critique ({share} %)",
                               "en": "Attendance rate at each meeting, against critical mass ({share}%)"},
    "chart.attendance.subtitle": {"fr": "Membres présents sur membres inscrits à la date de la rencontre",
                                  "en": "Members present out of members enrolled on the meeting day"},
    "chart.attendance.critical": {"fr": "Masse critique", "en": "Critical mass"},
    "chart.members_timeline.title": {"fr": "Arrivées et départs de membres", "en": "Members joining and leaving"},
    "chart.members_timeline.subtitle": {"fr": "Taille du symbole : nombre de personnes",
                                        "en": "Symbol size: number of people"},
    "chart.retention.title": {"fr": "Rétention des membres fondateurs", "en": "Retention of founding members"},
    "chart.retention.subtitle": {"fr": "Trait plein : encore membres ; pointillé : présents à la rencontre",
                                 "en": "Solid: still members; dotted: present at the meeting"},
    "chart.tiers.title": {"fr": "Noyau et périphérie : membres selon leur assiduité",
                          "en": "Core and periphery: members by attendance"},
    "chart.composition.title": {"fr": "Autour de la table : personnes présentes par {dimension}",
                                "en": "Around the table: people present by {dimension}"},
    "chart.composition.subtitle": {"fr": "Part des personnes présentes à chaque rencontre",
                                   "en": "Share of the people present at each meeting"},
    "chart.diversity.title": {"fr": "Diversité des personnes présentes ({dimension}), rencontre par rencontre",
                              "en": "Diversity of the people present ({dimension}), meeting by meeting"},
    "chart.diversity.subtitle": {"fr": "Indice de Blau : 0 = toutes semblables ; plus haut = plus diversifié",
                                 "en": "Blau index: 0 = all alike; higher = more diverse"},
    "chart.grid.title": {"fr": "Présence de chaque membre à chaque rencontre", "en": "Each member at each meeting"},
    "chart.grid.meeting_label": {"fr": "n° {seq} — {date}", "en": "No. {seq} — {date}"},
    "chart.minutes.title": {"fr": "Minutes de réflexion, de production et autres à chaque rencontre",
                            "en": "Minutes of reflection, production and other at each meeting"},
    "chart.minutes.subtitle": {"fr": "D'après l'ordre du jour, rencontres dans l'ordre",
                               "en": "From the agenda, meetings in order"},
    "chart.cumulative.title": {"fr": "Part cumulée de la production dans le temps de rencontre",
                               "en": "Cumulative share of production in meeting time"},
    "chart.cumulative.subtitle": {"fr": "Losange : passage à la production ; pointillé : 50 %",
                                  "en": "Diamond: turn to production; dashed: 50%"},
    "chart.by_stage.title": {"fr": "Réflexion et production selon l'étape", "en": "Reflection and production by stage"},
    "chart.by_chantier.title": {"fr": "Réflexion et production : chantiers comparés",
                                "en": "Reflection and production: chantiers compared"},
    "chart.timeline.title": {"fr": "Des débuts de production à la diffusion des livrables",
                             "en": "From production start to release of the deliverables"},
    "chart.timeline.subtitle": {"fr": "Losange : diffusion ; barre pâle : pas encore diffusé",
                                "en": "Diamond: release; pale bar: not released yet"},
    "chart.reach_channel.title": {"fr": "Portée par canal de diffusion", "en": "Reach by diffusion channel"},
    "chart.reach_region.title": {"fr": "Portée par région", "en": "Reach by region"},
    "chart.reach_region.subtitle": {"fr": "Sans région précisée (hors graphique) : {unspecified}",
                                    "en": "With no region given (not charted): {unspecified}"},
    "chart.reach_month.title": {"fr": "Portée par mois", "en": "Reach by month"},
    "chart.reach_year.title": {"fr": "Portée par année", "en": "Reach by year"},
    "chart.reach_year.subtitle": {"fr": "Suivis de {start} à {end} : la première et la dernière année peuvent "
                                        "être incomplètes",
                                  "en": "Follow-ups from {start} to {end}: the first and last years may be partial"},
    "chart.funnel.title": {"fr": "De la portée à l'adaptation : l'appropriation des livrables",
                           "en": "From reach to adaptation: uptake of the deliverables"},
    "chart.followups.title": {"fr": "Suivis de diffusion du livrable, par mois",
                              "en": "The deliverable's follow-ups, by month"},
    "chart.likert.title": {"fr": "Réponses par question : {survey}", "en": "Answers by question: {survey}"},
    "chart.likert.subtitle": {"fr": "Désaccord à gauche, accord à droite ; n = nombre de réponses",
                              "en": "Disagreement left, agreement right; n = number of answers"},
    "chart.likert_compare.title": {"fr": "« {question} » selon le sondage", "en": "\"{question}\" by survey"},
    "chart.likert_compare.subtitle": {"fr": "Désaccord à gauche, accord à droite ; n = nombre de réponses",
                                      "en": "Disagreement left, agreement right; n = number of answers"},
    "chart.sources.title": {"fr": "Lignes par source : chargées, en attente, rejetées",
                            "en": "Rows per source: loaded, waiting, rejected"},
    "chart.sources.subtitle": {"fr": "Échelle compressée pour lire les petits nombres",
                               "en": "Compressed scale so small numbers stay readable"},
}

# Column and axis titles (also the headers of data tables and downloads).
STRINGS.update({f"field.{k}": v for k, v in _pairs(
    chantier=("Chantier", "Chantier"), chantier_name=("Chantier", "Chantier"), name=("Chantier", "Chantier"),
    chantier_id=("Code du chantier", "Chantier code"), kind_chantier=("Nature", "Kind"),
    date=("Date", "Date"), held_on=("Date de la rencontre", "Meeting date"), month=("Mois", "Month"),
    year=("Année", "Year"), month_on=("Mois", "Month"), on=("Date", "Date"), meeting=("Rencontre", "Meeting"),
    meeting_id=("Rencontre", "Meeting"), meeting_seq=("Rencontre n°", "Meeting no."),
    meetings=("Rencontres", "Meetings"), n_meetings=("Rencontres", "Meetings"),
    hours=("Heures", "Hours"), n_members=("Membres", "Members"), n_active_members=("Membres actifs", "Active members"),
    n_deliverables_released=("Livrables diffusés", "Deliverables released"), reach=("Portée", "Reach"),
    last_meeting_on=("Dernière rencontre", "Last meeting"),
    attendance_rate=("Taux de présence", "Attendance rate"), members_present=("Présents", "Present"),
    members_enrolled=("Inscrits", "Enrolled"), event=("Mouvement", "Movement"), n=("Nombre", "Number"),
    tier=("Assiduité", "Attendance tier"), share_founders=("Part des fondateurs", "Share of founders"),
    founders_enrolled=("Fondateurs encore membres", "Founders still members"),
    founders_present=("Fondateurs présents", "Founders present"),
    founders_enrolled_share=("Fondateurs encore membres", "Founders still members"),
    founders_present_share=("Fondateurs présents", "Founders present"),
    n_founding=("Fondateurs", "Founders"),
    n_founding_enrolled=("Nombre de fondateurs encore membres", "Number of founders still members"),
    n_founding_present=("Nombre de fondateurs présents", "Number of founders present"),
    share_present=("Part des présents", "Share of those present"), n_present=("Présents", "Present"),
    category=("Catégorie", "Category"), n_categories=("Catégories représentées", "Categories present"),
    blau_index=("Indice de Blau", "Blau index"), member=("Membre", "Member"), full_name=("Nom", "Name"),
    member_id=("Code du membre", "Member code"), has_attendance=("Présences notées", "Attendance recorded"),
    status=("Présence", "Attendance"), kind=("Nature du temps", "Kind of time"), minutes=("Minutes", "Minutes"),
    stage=("Étape", "Stage"), share_time=("Part du temps", "Share of time"), share=("Part", "Share"),
    cum_reflection_minutes=("Minutes de réflexion cumulées", "Cumulative reflection minutes"),
    cum_production_minutes=("Minutes de production cumulées", "Cumulative production minutes"),
    cum_production_share=("Part cumulée de production", "Cumulative production share"),
    turning_point=("Passage à la production", "Turn to production"),
    deliverable=("Livrable", "Deliverable"), title=("Livrable", "Deliverable"), type=("Type", "Type"),
    production_started_on=("Début de production", "Production start"), released_on=("Diffusion", "Release"),
    channel=("Canal", "Channel"), region=("Région", "Region"), metric=("Mesure", "Measure"),
    value=("Valeur", "Value"), count=("Nombre", "Count"), step=("Étape", "Step"),
    uses_reported=("Utilisations rapportées", "Uses reported"),
    satisfaction_mean=("Satisfaction moyenne", "Mean satisfaction"),
    question_id=("N° de question", "Question no."), question=("Question", "Question"), answer=("Réponse", "Answer"),
    n_answers=("Réponses", "Answers"),
    share_answers=("Part des réponses", "Share of answers"), mean_score=("Note moyenne (1 à 5)", "Mean score (1 to 5)"),
    share_agree=("Part en accord", "Share agreeing"), n_score_1=("Note 1", "Score 1"), n_score_2=("Note 2", "Score 2"),
    n_score_3=("Note 3", "Score 3"), n_score_4=("Note 4", "Score 4"), n_score_5=("Note 5", "Score 5"),
    survey_title=("Sondage", "Survey"), fielded_on=("Date du sondage", "Survey date"), wave=("Sondage", "Survey"),
    source=("Source", "Source"), rows=("Lignes", "Rows"), n_rows=("Lignes chargées", "Rows loaded"),
    n_quarantined=("En attente", "Waiting"), n_rejects=("Lignes rejetées", "Rejected rows"), n_warnings=("Avertissements", "Warnings"),
    n_files=("Fichiers", "Files"), last_file_name=("Dernier fichier", "Last file"),
    last_loaded_at=("Dernier chargement", "Last load"), days_since_load=("Jours depuis", "Days since"),
    file_name=("Fichier", "File"), sheet=("Onglet", "Sheet"), row_number=("Ligne", "Row"),
    column_name=("Colonne", "Column"), message_fr=("Raison", "Reason"), message_en=("Raison", "Reason"),
    message=("Message", "Message"), record_key=("Ligne concernée", "Row concerned"),
    reason_fr=("Raison", "Reason"), reason_en=("Raison", "Reason"), batch_id=("Chargement", "Load"),
    file_status=("Résultat", "Outcome"), rows_read=("Lignes lues", "Rows read"), accepted=("Acceptées", "Accepted"), rejected=("Rejetées", "Rejected"),
    quarantined=("En attente", "Waiting"), file_size=("Taille", "Size"),
).items()})

# Names of the downloaded files (without extension).
STRINGS.update({f"file.{k}": v for k, v in _pairs(
    analysis=("analyse", "analysis"),  # the analyses page names its files after the mart
    hours_by_chantier=("heures-par-chantier", "hours-per-chantier"),
    per_chantier=("chiffres-par-chantier", "figures-per-chantier"),
    health=("signaux-par-chantier", "flags-per-chantier"),
    attendance_over_time=("presence-par-rencontre", "attendance-per-meeting"),
    membership_timeline=("arrivees-et-departs", "joining-and-leaving"),
    participation_tiers=("noyau-et-peripherie", "core-and-periphery"),
    founder_retention=("retention-des-fondateurs", "founder-retention"),
    diversity_over_time=("diversite-par-rencontre", "diversity-per-meeting"),
    composition=("composition-des-presents", "composition-of-those-present"),
    attendance_grid=("grille-des-presences", "attendance-grid"),
    cumulative_production=("part-cumulee-production", "cumulative-production-share"),
    minutes_by_meeting=("minutes-par-rencontre", "minutes-per-meeting"),
    share_by_stage=("reflexion-production-par-etape", "reflection-production-by-stage"),
    share_by_chantier=("reflexion-production-par-chantier", "reflection-production-by-chantier"),
    deliverable_timeline=("calendrier-des-livrables", "deliverables-timeline"),
    reach_by_channel=("portee-par-canal", "reach-by-channel"),
    reach_by_region=("portee-par-region", "reach-by-region"),
    reach_by_month=("portee-par-mois", "reach-by-month"),
    uptake_funnel=("appropriation-des-livrables", "uptake-of-deliverables"),
    followups=("suivis-du-livrable", "deliverable-follow-ups"),
    likert=("reponses-au-sondage", "survey-answers"),
    likert_compare=("comparaison-des-sondages", "surveys-compared"),
    survey_texts=("reponses-ouvertes", "open-answers"),
    rows_by_source=("lignes-par-source", "rows-per-source"),
    rejects=("rejets", "rejects"), quarantine=("lignes-en-attente", "rows-waiting"),
    warnings=("avertissements", "warnings"), ledger=("registre-des-chargements", "ledger-of-loads"),
).items()})


VOCABULARY: dict[str, dict[str, dict[str, str]]] = {
    "kind": _pairs(reflection=("Réflexion", "Reflection"), production=("Production", "Production"),
                   other=("Autre", "Other")),
    "status": _pairs(present=("Présent", "Present"), excused=("Excusé", "Excused"), absent=("Absent", "Absent"),
                     not_recorded=("Non noté", "Not recorded")),
    "function": _pairs(professional=("Professionnel", "Professional"), citizen=("Citoyen", "Citizen"),
                       manager=("Gestionnaire", "Manager"), researcher=("Chercheur", "Researcher"),
                       elected=("Élu", "Elected official"), other=("Autre", "Other"),
                       unspecified=("Non précisé", "Not specified")),
    "level": _pairs(local=("Local", "Local"), regional=("Régional", "Regional"), national=("National", "National"),
                    unspecified=("Non précisé", "Not specified")),
    "region": {**{code: {"fr": name, "en": name} for code, name in REGIONS.items()},
               **_pairs(national=("Ensemble du Québec", "All of Québec"), outside=("Hors Québec", "Outside Québec"),
                        unspecified=("Non précisée", "Not specified"))},
    "deliverable_type": _pairs(guide=("Guide", "Guide"), video=("Vidéo", "Video"), tool=("Outil", "Tool"),
                               document=("Document", "Document"), workshop=("Atelier", "Workshop"),
                               activity=("Activité", "Activity"), survey_report=("Rapport de sondage", "Survey report")),
    "channel": _pairs(web=("Web", "Web"), newsletter=("Infolettre", "Newsletter"), workshop=("Atelier", "Workshop"),
                      member_network=("Réseau des membres", "Members' network"),
                      conference=("Conférence", "Conference"), social_media=("Médias sociaux", "Social media"),
                      other=("Autre", "Other")),
    "metric": _pairs(views=("Vues", "Views"), downloads=("Téléchargements", "Downloads"),
                     participants=("Participants", "Participants"),
                     uses_reported=("Utilisations rapportées", "Uses reported"), adaptations=("Adaptations", "Adaptations")),
    "event": _pairs(joined=("Arrivée", "Joined"), left=("Départ", "Left")),
    "tier": _pairs(core=("Noyau", "Core"), regular=("Régulier", "Regular"), peripheral=("Périphérie", "Periphery")),
    "funnel_step": _pairs(reach=("Portée", "Reach"), uses_reported=("Utilisations rapportées", "Uses reported"),
                          satisfied=("Répondants satisfaits", "Satisfied respondents"),
                          adaptations=("Adaptations", "Adaptations")),
    "likert": {"1": {"fr": "1 · Pas du tout d'accord", "en": "1 · Strongly disagree"},
               "2": {"fr": "2 · Plutôt en désaccord", "en": "2 · Disagree"},
               "3": {"fr": "3 · Neutre", "en": "3 · Neutral"},
               "4": {"fr": "4 · Plutôt d'accord", "en": "4 · Agree"},
               "5": {"fr": "5 · Tout à fait d'accord", "en": "5 · Strongly agree"}},
    "source": _pairs(chantiers=("Chantiers", "Chantiers"), members=("Membres", "Members"),
                     meetings=("Rencontres", "Meetings"), agenda=("Ordres du jour", "Agendas"),
                     attendance=("Présences", "Attendance"), deliverables=("Livrables", "Deliverables"),
                     diffusion=("Suivis de diffusion", "Diffusion follow-ups"), surveys=("Sondages", "Surveys"),
                     responses=("Réponses", "Responses")),
    "file_status": _pairs(loaded=("Chargé", "Loaded"), unchanged=("Inchangé", "Unchanged"),
                          refused=("Refusé", "Refused")),
    # The same outcomes in a dry run's preview: nothing has happened yet.
    "file_status_planned": _pairs(loaded=("Serait chargé", "Would load"), unchanged=("Inchangé", "Unchanged"),
                                  refused=("Serait refusé", "Would be refused")),
    "survey_audience": _pairs(members=("Membres", "Members"), external=("Externe", "External"),
                              users=("Utilisateurs", "Users")),
    "chantier_kind": _pairs(chantier=("Chantier", "Chantier"), groupe_de_travail=("Groupe de travail", "Working group")),
    "quality_measure": _pairs(n_rows=("Chargées", "Loaded"), n_quarantined=("En attente", "Waiting"),
                              n_rejects=("Rejetées", "Rejected")),
}

"""The demo's resources of other formats than the article, in French: a video capsule for
every session, and podcasts, PDF documents, summary sheets and a linked video, so that
each session's preparation mixes at least three formats (the seed text, étape 2:
« privilégiez des formats variés »).

Pure data, like `amont.demo.data`: `amont.demo.build` makes the files with
`amont.demo.media` and the rows with the application's actions. `RESOURCES[(course key,
"past" | "upcoming")]` lists a session's resources in the order they appear before class.
A resource with a `key` is created once in the organization's library and reused by
every session that lists it (the "Méthode de la fiche d'arrêt" PDF in two law sessions,
the Réseau Canopé video in two courses), as a trainer reuses a resource without copying
it.

Capsule slides are (heading, sentences): the slide shows the sentences, the captions say
them. Podcast lines are (speaker, text).
"""

from typing import Any

from amont.demo.media import Palette, Slide

STYLES = {
    "eau": (Palette("0xeff6ff", "0x1d4ed8", "0x0f172a"), "Sciences, 6e B — Collège Jean-Moulin"),
    "droit": (
        Palette("0xfdf4f4", "0x9f1239", "0x1c1917"),
        "Licence 3 Droit — TD de responsabilité",
    ),
    "vente": (Palette("0xf0fdf4", "0x15803d", "0x14201a"), "Formation commerciale — Campus Amont"),
    "projet": (Palette("0xf5f3ff", "0x6d28d9", "0x1e1b4b"), "Gestion de projet — parcours blended"),
}


def capsule(*, activity, instructions, title, slides):
    return {
        "type": "video",
        "activity": activity,
        "instructions": instructions,
        "title": title,
        "slides": [Slide(heading, tuple(sentences)) for heading, sentences in slides],
    }


def podcast(*, activity, instructions, title, description, lines):
    return {
        "type": "audio",
        "activity": activity,
        "instructions": instructions,
        "title": title,
        "description": description,
        "lines": lines,
    }


def document(*, activity, instructions, title, filename, subtitle, sections, key=None):
    return {
        "type": "document",
        "key": key,
        "activity": activity,
        "instructions": instructions,
        "title": title,
        "filename": filename,
        "subtitle": subtitle,
        "sections": sections,
    }


def sheet(*, activity, instructions, title, body, minutes=3):
    return {
        "type": "sheet",
        "activity": activity,
        "instructions": instructions,
        "title": title,
        "body": body,
        "minutes": minutes,
    }


# A real public video: Réseau Canopé's "La classe inversée", on its PeerTube instance. It
# is only embedded when a learner opens it; nothing is fetched while loading the demo.
CLASSE_INVERSEE: dict[str, Any] = {
    "type": "link",
    "key": "classe-inversee",
    "activity": "Pour aller plus loin : pourquoi préparer avant la séance ?",
    "instructions": "Facultatif. Une vidéo de Réseau Canopé qui explique la classe inversée : "
    "on découvre les notions avant, on pratique ensemble pendant la séance.",
    "title": "La classe inversée (Réseau Canopé)",
    "url": "https://tube.reseau-canope.fr/videos/watch/9d109c46-311c-49ce-826e-406581233be0",
    "description": "Qu'est-ce que la classe inversée, comment la mettre en œuvre, et ce que "
    "les outils numériques y apportent.",
    "minutes": 5,
}

FICHE_ARRET = document(
    key="fiche-arret",
    activity="Méthode : la fiche d'arrêt",
    instructions="À garder sous la main pour chaque TD : les six rubriques d'une fiche d'arrêt.",
    title="Méthode — la fiche d'arrêt",
    filename="methode-fiche-d-arret.pdf",
    subtitle="Licence 3 Droit — travaux dirigés de droit de la responsabilité",
    sections=[
        (
            "1. Les faits",
            [
                "Qui, quoi, où, quand ? Résumez en deux ou trois phrases les seuls faits "
                "utiles à la solution, sans les qualifier juridiquement.",
                "- Désignez les parties par leur qualité (la victime, l'État, le médecin…).",
                "- Gardez l'ordre chronologique et les dates qui comptent.",
            ],
        ),
        (
            "2. La procédure",
            [
                "Le chemin de l'affaire jusqu'à la décision commentée : qui a saisi quelle "
                "juridiction, et ce que chacune a décidé.",
                "- Première instance, appel, pourvoi, renvoi, conflit de compétence…",
            ],
        ),
        (
            "3. Les prétentions des parties",
            [
                "Ce que chaque partie demande, et sur quel fondement (article, principe).",
            ],
        ),
        (
            "4. Le problème de droit",
            [
                "Une question juridique, générale et fermée, à laquelle la décision répond. "
                "Elle ne reprend pas les noms des parties.",
                "- Exemple : la responsabilité de l'État pour les dommages causés par un "
                "service public relève-t-elle du Code civil ?",
            ],
        ),
        (
            "5. La solution",
            [
                "La réponse de la juridiction, avec les mots clés de sa motivation : citez "
                "la phrase de principe entre guillemets.",
            ],
        ),
        (
            "6. La portée",
            [
                "Ce que la décision change : principe nouveau, revirement, confirmation, "
                "réaction du législateur, évolutions ultérieures.",
            ],
        ),
        (
            "Les erreurs fréquentes",
            [
                "- Recopier les faits in extenso au lieu de les résumer.",
                "- Poser un problème de droit ouvert (« Qu'en est-il de… ? »).",
                "- Confondre la solution (ce que dit le juge) et la portée (ce qu'on en tire).",
            ],
        ),
    ],
)

RESOURCES: dict[tuple[str, str], list[dict[str, Any]]] = {
    # ----------------------------------------------------------------------------------
    # Sciences — le cycle de l'eau
    # ----------------------------------------------------------------------------------
    ("eau", "past"): [
        capsule(
            activity="Regarder : les trois états de l'eau",
            instructions="Une capsule d'une minute environ, sous-titrée. Pas de réseau ? "
            "La version audio seule suffit.",
            title="Les trois états de l'eau",
            slides=[
                (
                    "Trois états",
                    [
                        "L'eau existe sous trois états : solide, liquide et gazeux.",
                        "La glace, l'eau du robinet et la vapeur d'eau sont la même matière.",
                    ],
                ),
                (
                    "Fondre et geler",
                    [
                        "Quand la glace se réchauffe, elle fond : c'est la fusion.",
                        "Quand l'eau refroidit assez, elle gèle : c'est la solidification.",
                        "Au niveau de la mer, la glace fond à 0 °C.",
                    ],
                ),
                (
                    "Devenir vapeur",
                    [
                        "En chauffant, l'eau liquide devient vapeur : c'est la vaporisation.",
                        "Elle bout à 100 °C, mais une flaque s'évapore bien avant !",
                    ],
                ),
                (
                    "Attention, piège !",
                    [
                        "La buée et les nuages ne sont pas de la vapeur.",
                        "Ce sont de minuscules gouttelettes d'eau liquide ; la vapeur d'eau, "
                        "elle, est invisible.",
                    ],
                ),
                (
                    "La masse ne change pas",
                    [
                        "Un glaçon de 20 g donne 20 g d'eau liquide.",
                        "À toi : observe un changement d'état chez toi avant la séance !",
                    ],
                ),
            ],
        ),
        sheet(
            activity="Fiche : les changements d'état",
            instructions="La fiche à coller dans ton cahier.",
            title="Fiche — les changements d'état",
            body="""\
| Passage | Nom |
|---|---|
| solide → liquide | **fusion** |
| liquide → solide | **solidification** |
| liquide → gaz | **vaporisation** (lente : **évaporation**) |
| gaz → liquide | **liquéfaction** ou **condensation** |

- La glace fond à **0 °C** et l'eau bout à **100 °C** (au niveau de la mer).
- La buée et les nuages sont des **gouttelettes d'eau liquide** : la vapeur est invisible.
- Quand l'eau change d'état, sa **masse** ne change pas.
""",
        ),
        document(
            activity="Fiche d'observation à remplir",
            instructions="Imprime-la ou recopie-la : tu l'apporteras en classe.",
            title="Fiche d'observation — un changement d'état chez moi",
            filename="fiche-observation-changement-d-etat.pdf",
            subtitle="Sciences, 6e B — à rapporter pour la séance 1",
            sections=[
                (
                    "Ce que j'observe",
                    [
                        "Choisis un changement d'état chez toi : un glaçon qui fond, l'eau "
                        "d'une casserole qui bout, la buée sur le miroir de la salle de bain.",
                        "- Où et quand ? ..............................................",
                        "- Au début, je vois : ........................................",
                        "- À la fin, je vois : ........................................",
                    ],
                ),
                (
                    "Je nomme",
                    [
                        "- L'état de l'eau au début (solide, liquide, gazeux) : ..........",
                        "- L'état de l'eau à la fin : ..................................",
                        "- Le nom du changement d'état : ...............................",
                    ],
                ),
                (
                    "Je réfléchis",
                    [
                        "- Ce qui a provoqué le changement : de la chaleur ou du froid ?",
                        "- La buée que je vois, est-ce de la vapeur d'eau ? Pourquoi ?",
                    ],
                ),
                (
                    "Pour la séance",
                    [
                        "Apporte ta fiche remplie (ou une photo de tes notes) : nous comparerons "
                        "vos observations en classe.",
                    ],
                ),
            ],
        ),
        CLASSE_INVERSEE,
    ],
    ("eau", "upcoming"): [
        capsule(
            activity="Regarder : le cycle de l'eau en 90 secondes",
            instructions="Regarde la capsule (sous-titrée) avant de lire l'article.",
            title="Le cycle de l'eau en 90 secondes",
            slides=[
                (
                    "Un grand voyage",
                    [
                        "L'eau de la Terre ne disparaît pas : elle circule sans cesse.",
                        "Ce voyage sans début ni fin s'appelle le cycle de l'eau. Son moteur : "
                        "le Soleil.",
                    ],
                ),
                (
                    "1. L'évaporation",
                    [
                        "Le Soleil chauffe l'eau des océans, des lacs et des rivières.",
                        "Une partie devient vapeur d'eau, un gaz invisible qui monte dans l'air.",
                        "Le sel reste dans la mer : la pluie est de l'eau douce.",
                    ],
                ),
                (
                    "2. La condensation",
                    [
                        "En altitude, l'air est froid : la vapeur forme de minuscules "
                        "gouttelettes.",
                        "Des milliards de gouttelettes font un nuage : de l'eau liquide, pas "
                        "de la vapeur.",
                    ],
                ),
                (
                    "3. Les précipitations",
                    [
                        "Les gouttelettes se regroupent et grossissent.",
                        "Trop lourdes, elles tombent : pluie, neige ou grêle.",
                    ],
                ),
                (
                    "4. et 5. Ruisseler ou s'infiltrer",
                    [
                        "Une partie de l'eau ruisselle vers les rivières, qui la ramènent à la "
                        "mer.",
                        "Une autre s'infiltre dans le sol et rejoint les nappes phréatiques.",
                        "Puis l'eau s'évapore de nouveau : le cycle recommence !",
                    ],
                ),
            ],
        ),
        sheet(
            activity="Fiche : les cinq étapes du cycle",
            instructions="Pour réviser avant le quiz.",
            title="Fiche — les cinq étapes du cycle de l'eau",
            body="""\
1. **Évaporation** : chauffée par le Soleil, l'eau liquide devient **vapeur** (invisible).
2. **Condensation** : en altitude, la vapeur refroidit et forme des **gouttelettes** : les \
nuages.
3. **Précipitations** : les gouttes grossissent et tombent (pluie, neige, grêle).
4. **Ruissellement** : l'eau coule en surface vers les rivières et la mer.
5. **Infiltration** : l'eau pénètre dans le sol et rejoint les **nappes phréatiques**.

Le moteur du cycle est le **Soleil** ; l'eau ne disparaît jamais, elle change de place et \
d'état.
""",
        ),
        podcast(
            activity="Écouter : le voyage d'une goutte d'eau",
            instructions="Un podcast de moins de deux minutes, à écouter dans le bus ou en rangeant ta "
            "chambre. La transcription est en dessous.",
            title="Podcast — le voyage d'une goutte d'eau",
            description="Claire Martin reçoit Paul Roche, hydrologue, pour suivre une goutte "
            "d'eau de l'océan à la nappe phréatique.",
            lines=[
                (
                    "Claire Martin",
                    "Bonjour à toutes et à tous ! Aujourd'hui, nous suivons le "
                    "voyage d'une goutte d'eau, avec Paul Roche, hydrologue.",
                ),
                (
                    "Paul Roche",
                    "Bonjour ! Mon métier, c'est justement d'étudier où va l'eau, "
                    "et combien de temps elle y reste.",
                ),
                (
                    "Claire Martin",
                    "Partons de l'océan. Comment notre goutte peut-elle monter jusqu'au ciel ?",
                ),
                (
                    "Paul Roche",
                    "Grâce au Soleil. Il chauffe la surface de la mer, et la goutte "
                    "s'évapore : elle devient vapeur d'eau, un gaz invisible.",
                ),
                ("Claire Martin", "Et le sel de la mer, il part avec elle ?"),
                (
                    "Paul Roche",
                    "Non, le sel reste dans l'océan. C'est pour cela que la pluie "
                    "est de l'eau douce.",
                ),
                ("Claire Martin", "Ensuite, la vapeur monte, et là-haut il fait froid…"),
                (
                    "Paul Roche",
                    "Exactement. En se refroidissant, la vapeur se condense en "
                    "gouttelettes. Un nuage, ce sont des milliards de gouttelettes d'eau liquide.",
                ),
                (
                    "Claire Martin",
                    "Donc un nuage, ce n'est pas de la vapeur ! Beaucoup d'élèves se trompent.",
                ),
                (
                    "Paul Roche",
                    "Les adultes aussi ! Puis les gouttelettes grossissent et "
                    "retombent : pluie, neige ou grêle.",
                ),
                ("Claire Martin", "Et une fois au sol ?"),
                (
                    "Paul Roche",
                    "Deux chemins : ruisseler jusqu'à une rivière, ou s'infiltrer "
                    "jusqu'à une nappe phréatique. Là, elle peut rester des milliers d'années !",
                ),
                (
                    "Claire Martin",
                    "Merci Paul. En classe, vous construirez la maquette de ce "
                    "voyage : choisissez dès maintenant l'étape que vous présenterez.",
                ),
            ],
        ),
    ],
    # ----------------------------------------------------------------------------------
    # Droit de la responsabilité — les grands arrêts
    # ----------------------------------------------------------------------------------
    ("droit", "past"): [
        capsule(
            activity="Regarder : l'arrêt Blanco en cinq points",
            instructions="Une capsule d'une minute environ, avant de lire l'arrêt et sa "
            "présentation.",
            title="L'arrêt Blanco en cinq points",
            slides=[
                (
                    "Les faits (1871)",
                    [
                        "À Bordeaux, la petite Agnès Blanco est renversée par un wagonnet.",
                        "Il est poussé par des ouvriers de la manufacture des tabacs, "
                        "exploitée par l'État.",
                    ],
                ),
                (
                    "La procédure",
                    [
                        "Son père assigne l'État devant le tribunal civil, sur le fondement "
                        "du Code civil.",
                        "Le préfet élève le conflit : le Tribunal des conflits doit trancher.",
                    ],
                ),
                (
                    "Le problème de droit",
                    [
                        "La responsabilité de l'État du fait d'un service public relève-t-elle "
                        "du Code civil ?",
                        "Du juge judiciaire, donc, ou de règles propres et du juge administratif ?",
                    ],
                ),
                (
                    "La solution (8 février 1873)",
                    [
                        "Cette responsabilité n'est ni générale, ni absolue : elle a ses règles "
                        "spéciales.",
                        "L'autorité administrative est seule compétente pour l'apprécier.",
                    ],
                ),
                (
                    "La portée",
                    [
                        "L'arrêt fonde l'autonomie du droit administratif.",
                        "Il lie la compétence au fond et fait du service public un critère "
                        "central.",
                        "En TD : un argument pour, un argument contre ce régime spécial.",
                    ],
                ),
            ],
        ),
        sheet(
            activity="Fiche d'arrêt : Blanco",
            instructions="La fiche d'arrêt rédigée, pour vérifier la vôtre.",
            title="Fiche d'arrêt — TC, 8 février 1873, Blanco",
            minutes=4,
            body="""\
**Faits.** En 1871, une enfant est blessée par un wagonnet de la manufacture des tabacs de \
Bordeaux, exploitée par l'État.

**Procédure.** Action en réparation devant le tribunal civil (art. 1382 à 1384 du Code \
civil) ; le préfet élève le conflit.

**Problème de droit.** La responsabilité de l'État du fait d'un service public relève-t-elle \
du Code civil et du juge judiciaire ?

**Solution.** Non : cette responsabilité « n'est ni générale, ni absolue », elle « a ses \
règles spéciales » ; l'autorité administrative est seule compétente.

**Portée.** Autonomie du droit administratif ; lien entre la compétence et le fond ; le \
service public, critère de la compétence administrative.
""",
        ),
        FICHE_ARRET,
    ],
    ("droit", "upcoming"): [
        capsule(
            activity="Regarder : l'arrêt Perruche et la loi de 2002",
            instructions="Une capsule d'une minute environ, avant de lire l'arrêt.",
            title="L'arrêt Perruche et la loi du 4 mars 2002",
            slides=[
                (
                    "Les faits",
                    [
                        "Enceinte, Mme Perruche présente des symptômes de rubéole.",
                        "Après des fautes du laboratoire et du médecin, elle est crue immunisée.",
                        "Son fils Nicolas naît en 1983 gravement handicapé.",
                    ],
                ),
                (
                    "La question posée",
                    [
                        "L'enfant né handicapé peut-il obtenir réparation de son propre "
                        "préjudice ?",
                        "Les fautes ont privé sa mère du choix d'interrompre sa grossesse.",
                    ],
                ),
                (
                    "La réponse du 17 novembre 2000",
                    [
                        "L'assemblée plénière répond oui : l'enfant peut demander réparation…",
                        "… du préjudice résultant de son handicap, causé par les fautes retenues.",
                    ],
                ),
                (
                    "Une vive controverse",
                    [
                        "Pour : l'enfant est indemnisé et peut vivre dignement, même après ses "
                        "parents.",
                        "Contre : les fautes n'ont pas causé le handicap, dû à la rubéole.",
                    ],
                ),
                (
                    "La loi du 4 mars 2002",
                    [
                        "« Nul ne peut se prévaloir d'un préjudice du seul fait de sa naissance. »",
                        "Les charges du handicap relèvent de la solidarité nationale.",
                        "En TD : cette réponse du législateur est-elle satisfaisante ?",
                    ],
                ),
            ],
        ),
        FICHE_ARRET,
        podcast(
            activity="Écouter : le débat sur l'arrêt Perruche",
            instructions="Facultatif. Deux juristes en désaccord : notez un argument de chaque "
            "côté pour le débat du TD.",
            title="Podcast — l'arrêt Perruche, un préjudice d'être né ?",
            description="Claire Martin fait débattre Sophie Arnaud, avocate, et Marc Lenoir, "
            "professeur de droit privé.",
            lines=[
                (
                    "Claire Martin",
                    "Bonjour. Vingt-cinq ans après, l'arrêt Perruche divise "
                    "encore. Sophie Arnaud, vous défendez la solution de la Cour ?",
                ),
                (
                    "Sophie Arnaud",
                    "Oui. Les fautes étaient établies, et sans indemnisation, "
                    "l'enfant risquait de vivre sans ressources après la mort de ses parents.",
                ),
                ("Claire Martin", "Marc Lenoir, vous n'êtes pas convaincu."),
                (
                    "Marc Lenoir",
                    "Non, pour une raison de causalité : le handicap vient de la "
                    "rubéole, pas de l'erreur du laboratoire.",
                ),
                (
                    "Marc Lenoir",
                    "L'arrêt semble réparer le fait d'être né, et beaucoup de "
                    "personnes handicapées l'ont vécu comme une atteinte à leur dignité.",
                ),
                (
                    "Sophie Arnaud",
                    "La Cour ne dit pas cela : elle répare le préjudice résultant "
                    "du handicap, pas la naissance.",
                ),
                (
                    "Claire Martin",
                    "Le législateur a tranché en 2002 : nul ne peut se prévaloir "
                    "d'un préjudice du seul fait de sa naissance.",
                ),
                (
                    "Marc Lenoir",
                    "Et les charges du handicap relèvent désormais de la "
                    "solidarité nationale, ce qui me paraît plus juste.",
                ),
                (
                    "Sophie Arnaud",
                    "À condition que cette solidarité soit à la hauteur. "
                    "Sinon, les familles restent seules.",
                ),
                ("Claire Martin", "Merci à tous les deux. En TD, ce sera à vous d'argumenter."),
            ],
        ),
    ],
    # ----------------------------------------------------------------------------------
    # Vente — traiter les objections clients
    # ----------------------------------------------------------------------------------
    ("vente", "past"): [
        capsule(
            activity="Regarder : la méthode CRAC en quatre étapes",
            instructions="Une capsule d'une minute environ avant le module écrit.",
            title="La méthode CRAC en quatre étapes",
            slides=[
                (
                    "Une objection n'est pas un refus",
                    [
                        "C'est souvent le signe que le client s'intéresse.",
                        "Il lui manque une information, une garantie ou une raison de décider.",
                    ],
                ),
                (
                    "C — Creuser",
                    [
                        "Accueillez l'objection sans la contredire.",
                        "Questionnez : qu'est-ce qui vous fait hésiter, précisément ?",
                    ],
                ),
                (
                    "R — Reformuler",
                    [
                        "Redites l'objection avec vos mots pour vérifier que vous l'avez comprise.",
                        "Le client se sent écouté, et vous évitez de répondre à côté.",
                    ],
                ),
                (
                    "A — Argumenter",
                    [
                        "Répondez à cette préoccupation-là, avec un ou deux arguments.",
                        "Appuyez-vous sur des preuves : chiffres, témoignage, démonstration.",
                    ],
                ),
                (
                    "C — Contrôler",
                    [
                        "Vérifiez que le frein est levé : est-ce que cela répond à votre "
                        "question ?",
                        "Si oui, avancez vers la conclusion ; sinon, creusez encore.",
                    ],
                ),
            ],
        ),
        podcast(
            activity="Écouter : un appel client commenté",
            instructions="Une minute et demie : repérez les quatre étapes de la méthode dans l'appel.",
            title="Podcast — un appel client commenté",
            description="Julien, commercial, traite une objection de Mme Perrin, acheteuse ; "
            "Claire Martin commente.",
            lines=[
                (
                    "Claire Martin",
                    "Écoutons Julien, au téléphone avec Mme Perrin, responsable "
                    "des achats. Repérez les quatre étapes de la méthode CRAC.",
                ),
                (
                    "Mme Perrin",
                    "Votre délai de livraison de trois semaines, c'est trop long "
                    "pour notre chantier.",
                ),
                (
                    "Julien",
                    "Je comprends, le délai compte beaucoup pour vous. Que se "
                    "passe-t-il sur le chantier si le matériel arrive plus tard ?",
                ),
                (
                    "Mme Perrin",
                    "Les équipes sont bloquées, et nous payons des pénalités de retard.",
                ),
                (
                    "Julien",
                    "Si je comprends bien, ce qui vous inquiète, c'est de bloquer vos "
                    "équipes et de payer des pénalités ?",
                ),
                ("Mme Perrin", "Oui, c'est exactement ça."),
                (
                    "Julien",
                    "Nous pouvons livrer une première partie sous cinq jours, de quoi "
                    "démarrer, et le reste ensuite. Un client du bâtiment fonctionne ainsi "
                    "depuis deux ans.",
                ),
                ("Julien", "Est-ce que cette livraison en deux temps répond à votre contrainte ?"),
                ("Mme Perrin", "Oui, si la première livraison est garantie, ça peut marcher."),
                (
                    "Claire Martin",
                    "Julien a creusé, reformulé, argumenté sur la vraie "
                    "préoccupation, puis contrôlé. À aucun moment il n'a contredit la cliente.",
                ),
                (
                    "Claire Martin",
                    "En séance, vous rejouerez cet appel avec vos propres objections de terrain.",
                ),
            ],
        ),
        sheet(
            activity="Fiche : la méthode CRAC",
            instructions="Les phrases clés à avoir en tête en rendez-vous.",
            title="Fiche — la méthode CRAC",
            body="""\
| Étape | Le but | Une phrase pour le faire |
|---|---|---|
| **Creuser** | comprendre la vraie préoccupation | « Qu'est-ce qui vous fait hésiter, précisément ? » |
| **Reformuler** | vérifier et montrer qu'on a écouté | « Si je comprends bien, ce qui vous inquiète, c'est… ? » |
| **Argumenter** | répondre à *cette* préoccupation, preuve à l'appui | « Un client dans votre situation a… » |
| **Contrôler** | vérifier que le frein est levé | « Est-ce que cela répond à votre question ? » |

À éviter : contredire (« Non, vous vous trompez »), argumenter avant de reformuler, oublier \
de contrôler.
""",
        ),
    ],
    ("vente", "upcoming"): [
        capsule(
            activity="Regarder : l'objection prix",
            instructions="Une capsule d'une minute environ avant le module écrit.",
            title="« C'est trop cher » : défendre sa valeur",
            slides=[
                (
                    "« C'est trop cher »",
                    [
                        "C'est l'objection la plus fréquente, et la plus mal traitée.",
                        "Une remise immédiate confirme au client que le prix était gonflé.",
                    ],
                ),
                (
                    "Trop cher par rapport à quoi ?",
                    [
                        "Au budget, à un concurrent, à la valeur perçue ?",
                        "Commencez toujours par creuser avant de répondre.",
                    ],
                ),
                (
                    "La valeur avant le prix",
                    [
                        "Rappelez les bénéfices qui comptent pour lui : temps gagné, fiabilité, "
                        "service.",
                        "Ramenez le prix à sa durée d'usage : 4 € par mois sur cinq ans.",
                    ],
                ),
                (
                    "Le donnant-donnant",
                    [
                        "Une concession s'échange toujours contre une contrepartie.",
                        "Volume, engagement plus long, paiement comptant : jamais de remise "
                        "gratuite.",
                    ],
                ),
                (
                    "Annoncer avec assurance",
                    [
                        "Annoncez le prix clairement, puis taisez-vous.",
                        "En séance, vous testerez votre script en jeu de rôle.",
                    ],
                ),
            ],
        ),
        document(
            activity="Aide-mémoire : répondre à « c'est trop cher »",
            instructions="À imprimer ou à garder sur votre téléphone pour vos rendez-vous.",
            title="Aide-mémoire — répondre à « c'est trop cher »",
            filename="aide-memoire-objection-prix.pdf",
            subtitle="Formation commerciale — module 2, l'objection prix",
            sections=[
                (
                    "1. Creuser avant de répondre",
                    [
                        "- « Trop cher par rapport à quoi ? »",
                        "- « Quel budget aviez-vous prévu ? »",
                        "- « Avec quelle offre nous comparez-vous ? »",
                    ],
                ),
                (
                    "2. Quatre techniques",
                    [
                        "- Le coût global : ramener le prix à la durée d'utilisation ou au coût "
                        "total de possession.",
                        "- Le fractionnement : présenter le prix par mois, par jour ou par "
                        "utilisateur.",
                        "- La comparaison juste : vérifier que les offres comparées sont "
                        "vraiment équivalentes (garantie, délai, installation, formation).",
                        "- Le donnant-donnant : toute concession contre une contrepartie "
                        "(volume, durée d'engagement, paiement comptant).",
                    ],
                ),
                (
                    "3. Les phrases à éviter",
                    [
                        "- « Je peux vous faire un petit geste… » (avant même d'avoir creusé).",
                        "- « C'est le prix, c'est comme ça. »",
                        "- « Nos concurrents sont moins chers, mais moins bons. »",
                    ],
                ),
                (
                    "4. Mon script",
                    [
                        "Mon produit phare : ..................................................",
                        "Ma question pour creuser : ............................................",
                        "Mes deux bénéfices clés : .............................................",
                        "Ma contrepartie si je concède : .......................................",
                    ],
                ),
            ],
        ),
        sheet(
            activity="Fiche : l'objection prix en un coup d'œil",
            instructions="Trois minutes pour retenir l'essentiel.",
            title="Fiche — l'objection prix",
            body="""\
1. **Creuser** : « Trop cher par rapport à quoi ? »
2. **Parler valeur** : les bénéfices que *le client* a cités pendant la découverte.
3. **Ramener le prix** à l'usage : par mois, par utilisateur, sur la durée de vie.
4. **Jamais de remise gratuite** : toute concession s'échange (volume, engagement, paiement).
5. **Annoncer avec assurance**, puis se taire.
""",
        ),
    ],
    # ----------------------------------------------------------------------------------
    # Gestion de projet — parcours blended
    # ----------------------------------------------------------------------------------
    ("projet", "past"): [
        capsule(
            activity="Capsule vidéo : cadrer un projet",
            instructions="La première des deux capsules vidéo (une minute environ, sous-titrée).",
            title="Cadrer un projet en trois questions",
            slides=[
                (
                    "Pourquoi cadrer ?",
                    [
                        "Mal cadré, un projet a des objectifs flous et des demandes en cours "
                        "de route.",
                        "Le cadrage répond à trois questions : pourquoi, quoi, et pour qui.",
                    ],
                ),
                (
                    "Des objectifs SMART",
                    [
                        "Spécifiques, mesurables, atteignables, réalistes, définis dans le temps.",
                        "« Réduire de 48 h à 24 h le délai de réponse d'ici au 30 juin. »",
                    ],
                ),
                (
                    "Le périmètre",
                    [
                        "Il dit ce que le projet fera, et ce qu'il ne fera pas.",
                        "Écrire les exclusions évite la dérive du périmètre.",
                    ],
                ),
                (
                    "Les parties prenantes",
                    [
                        "Toute personne concernée par le projet ou capable de l'influencer.",
                        "Selon leur influence et leur intérêt : informer, consulter ou impliquer.",
                    ],
                ),
                (
                    "La note de cadrage",
                    [
                        "Contexte, objectifs, périmètre, livrables, jalons, budget, équipe, "
                        "risques.",
                        "Validée par le commanditaire, elle fait référence en cas de désaccord.",
                    ],
                ),
            ],
        ),
        document(
            activity="Modèle de note de cadrage",
            instructions="Le modèle que nous remplirons ensemble en classe virtuelle.",
            title="Modèle — la note de cadrage",
            filename="modele-note-de-cadrage.pdf",
            subtitle="Gestion de projet — classe virtuelle 1",
            sections=[
                (
                    "1. Contexte et enjeux",
                    [
                        "Pourquoi ce projet, pourquoi maintenant ? Ce qui se passe si on ne fait rien."
                    ],
                ),
                (
                    "2. Objectifs SMART",
                    [
                        "- Objectif 1 : ........................................................",
                        "- Indicateur et valeur cible : ........................................",
                        "- Échéance : ..........................................................",
                    ],
                ),
                (
                    "3. Périmètre",
                    [
                        "- Inclus : ............................................................",
                        "- Exclu (à écrire noir sur blanc) : ...................................",
                    ],
                ),
                (
                    "4. Livrables et jalons",
                    ["Les livrables attendus et les points de validation, avec leur date."],
                ),
                (
                    "5. Parties prenantes",
                    [
                        "Commanditaire, utilisateurs, équipe, fournisseurs, services support : "
                        "pour chacun, son influence, son intérêt, et comment l'associer "
                        "(informer, consulter, impliquer).",
                    ],
                ),
                (
                    "6. Budget, équipe, principaux risques",
                    ["Les moyens demandés et les trois risques qui inquiètent le plus l'équipe."],
                ),
                (
                    "Validation",
                    ["Date et signature du commanditaire : .................................."],
                ),
            ],
        ),
        CLASSE_INVERSEE,
    ],
    ("projet", "upcoming"): [
        capsule(
            activity="Capsule vidéo : le chemin critique",
            instructions="La deuxième capsule vidéo (une minute environ, sous-titrée).",
            title="Le chemin critique en 90 secondes",
            slides=[
                (
                    "D'abord le travail, pas les dates",
                    [
                        "On découpe le projet en livrables, puis en tâches : c'est le WBS.",
                        "Chaque tâche doit pouvoir être estimée et confiée à une personne.",
                    ],
                ),
                (
                    "Charge et durée",
                    [
                        "La charge, c'est le travail nécessaire, en jours-personne.",
                        "La durée, c'est le temps calendaire : elle dépend des personnes "
                        "disponibles.",
                    ],
                ),
                (
                    "Les dépendances",
                    [
                        "Certaines tâches ne commencent qu'à la fin d'une autre.",
                        "Le diagramme de Gantt les place sur une ligne de temps.",
                    ],
                ),
                (
                    "Le chemin critique",
                    [
                        "La suite de tâches dépendantes la plus longue fixe la durée du projet.",
                        "Une tâche critique n'a aucune marge : son retard retarde tout.",
                    ],
                ),
                (
                    "Pour raccourcir un projet",
                    [
                        "Agissez sur les tâches du chemin critique.",
                        "Accélérer une tâche qui a de la marge ne change pas la date de fin.",
                    ],
                ),
            ],
        ),
        podcast(
            activity="Écouter : un projet qui a pris trois mois de retard",
            instructions="Un retour d'expérience d'une minute et demie, à écouter dans les "
            "transports.",
            title="Podcast — retour d'expérience : trois mois de retard",
            description="Nadia Kessler, cheffe de projet, raconte à Claire Martin un projet "
            "de déménagement de data center qui a dérapé, et ce qu'elle fait autrement depuis.",
            lines=[
                (
                    "Claire Martin",
                    "Nadia Kessler, vous avez accepté de raconter un projet "
                    "qui a mal tourné. Que s'est-il passé ?",
                ),
                (
                    "Nadia Kessler",
                    "Nous déménagions un data center. Le planning tenait sur "
                    "le papier, mais un seul fournisseur livrait les baies de serveurs.",
                ),
                (
                    "Nadia Kessler",
                    "Il a pris six semaines de retard, et cette livraison était "
                    "sur le chemin critique : tout le projet a glissé.",
                ),
                ("Claire Martin", "Ce risque, vous l'aviez identifié ?"),
                (
                    "Nadia Kessler",
                    "Il figurait dans le registre, coté probabilité faible. "
                    "Personne ne l'a revu pendant quatre mois.",
                ),
                ("Claire Martin", "Qu'est-ce que vous faites autrement aujourd'hui ?"),
                (
                    "Nadia Kessler",
                    "Le registre des risques est revu à chaque point "
                    "d'avancement, et chaque risque a un responsable.",
                ),
                (
                    "Nadia Kessler",
                    "Pour un fournisseur unique sur le chemin critique, je "
                    "réduis le risque : un second fournisseur, ou une commande anticipée.",
                ),
                (
                    "Claire Martin",
                    "Merci Nadia. En classe virtuelle, vous coterez les risques "
                    "de votre propre projet dans une matrice.",
                ),
            ],
        ),
        sheet(
            activity="Fiche : la matrice des risques",
            instructions="À garder pour l'atelier de la classe virtuelle.",
            title="Fiche — la matrice des risques",
            body="""\
**Criticité** : la probabilité multipliée par l'impact (chacun coté de 1 à 4). En haut à droite de la \
matrice : les risques à traiter en priorité.

| Stratégie | Exemple |
|---|---|
| **Éviter** | changer de technologie, réduire le périmètre |
| **Réduire** | prototype, second fournisseur, formation |
| **Transférer** | assurance, clause contractuelle |
| **Accepter** | réserve de temps ou de budget, plan de secours |

Le **registre des risques** (description, cotation, réponse, responsable, échéance) se \
revoit à chaque point d'avancement.
""",
        ),
    ],
}

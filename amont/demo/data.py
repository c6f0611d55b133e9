"""The French content of the demo: what a teacher, a lecturer and two trainers would type.

The four courses are the examples of the seed text (§5). Pure data, no database access:
`amont.demo.build` turns it into rows with the real actions.

A question is a dict: text, options as (text, feedback) pairs, `answer` (index of the
correct option), `trap` (the distractor that confident learners fall for, so that
misconceptions show), `objective` (index in the course's objectives) and `difficulty`
(0 = everyone gets it, 0.3 = hard).
"""

from typing import Any

ORGANIZATION = "Campus Amont"
PASSWORD = "amont-demo"

TRAINER = ("formatrice@example.org", "Claire Martin")
MANAGER = ("responsable@example.org", "Karim Benali")

LEARNER_NAMES = [
    "Léa Dubois",
    "Mamadou Diallo",
    "Chloé Lefèvre",
    "Yanis Belkacem",
    "Inès Moreau",
    "Lucas Girard",
    "Camille Nguyen",
    "Hugo Fontaine",
    "Sarah Cohen",
    "Nathan Rousseau",
    "Aïcha Traoré",
    "Théo Lambert",
    "Manon Petit",
    "Enzo Ferreira",
    "Jade Morel",
    "Mehdi Haddad",
    "Zoé Laurent",
    "Maxime Gauthier",
    "Lina Mercier",
    "Kévin Le Gall",
    "Emma Schmitt",
    "Rayan Benhamou",
    "Louise Garnier",
    "Baptiste Roux",
    "Yasmine Kaya",
]


def learner_email(number: int) -> str:
    return f"apprenant{number:02d}@example.org"


def question(text, options, *, answer, trap, objective, difficulty=0.1, general_feedback=""):
    return {
        "text": text,
        "options": options,
        "answer": answer,
        "trap": trap,
        "objective": objective,
        "difficulty": difficulty,
        "general_feedback": general_feedback,
    }


# --------------------------------------------------------------------------------------
# Sciences (collège) — le cycle de l'eau
# --------------------------------------------------------------------------------------

ETATS_ARTICLE = """\
L'eau est partout autour de nous, mais elle ne se présente pas toujours sous la même \
forme. On la trouve sous **trois états** :

- **solide** : la glace, la neige, la grêle ;
- **liquide** : l'eau du robinet, de la mer, de la pluie ;
- **gazeux** : la **vapeur d'eau**, invisible, présente dans l'air que nous respirons.

## Les changements d'état

Quand on chauffe ou qu'on refroidit de l'eau, elle peut changer d'état :

| Passage | Nom | Exemple |
|---|---|---|
| solide → liquide | **fusion** | un glaçon fond dans un verre |
| liquide → solide | **solidification** | l'eau gèle dans le congélateur |
| liquide → gaz | **vaporisation** | l'eau d'une casserole bout, le linge sèche |
| gaz → liquide | **liquéfaction** (ou condensation) | de la buée se forme sur une vitre froide |

Au niveau de la mer, la glace fond à **0 °C** et l'eau bout à **100 °C**. Mais l'eau n'a \
pas besoin de bouillir pour devenir vapeur : une flaque qui sèche au soleil, c'est une \
vaporisation lente, que l'on appelle **évaporation**.

## Attention aux pièges

- La **buée** et les **nuages** ne sont pas de la vapeur : ce sont de minuscules \
**gouttelettes d'eau liquide**. La vapeur d'eau, elle, est invisible.
- Quand l'eau change d'état, c'est toujours **la même matière** : la masse ne change pas. \
Un glaçon de 20 g donne 20 g d'eau liquide.
- Pendant que la glace fond, sa température reste à 0 °C tant qu'il reste de la glace.

## Pour la séance

Observe chez toi un changement d'état (un glaçon, une casserole, le miroir de la salle de \
bain) et note ce que tu vois : nous en parlerons en classe.
"""

CYCLE_ARTICLE = """\
L'eau de la Terre ne disparaît pas et n'apparaît pas : elle **circule** sans cesse entre \
les océans, l'air, les sols et les êtres vivants. Ce grand voyage, qui n'a ni début ni fin, \
s'appelle le **cycle de l'eau**. Son moteur est le **Soleil**.

## 1. L'évaporation

Le Soleil chauffe l'eau des océans, des lacs et des rivières. À la surface, une partie de \
l'eau liquide se transforme en **vapeur d'eau**, un gaz invisible qui monte dans l'air : \
c'est l'**évaporation**. L'eau n'a pas besoin de bouillir pour s'évaporer : une flaque \
sèche bien avant d'atteindre 100 °C. Les plantes rejettent elles aussi de la vapeur d'eau \
par leurs feuilles : c'est la **transpiration**.

Quand l'eau de mer s'évapore, le sel reste dans l'océan : la vapeur d'eau ne contient pas \
de sel. C'est pour cela que la pluie est de l'eau douce.

## 2. La condensation

Plus on monte en altitude, plus l'air est froid. En se refroidissant, la vapeur d'eau se \
transforme en **minuscules gouttelettes d'eau liquide** (ou en cristaux de glace quand il \
fait très froid) : c'est la **condensation**. Des milliards de gouttelettes forment les \
**nuages**. Un nuage n'est donc pas de la vapeur : c'est de l'eau liquide, en gouttes si \
fines qu'elles flottent dans l'air.

## 3. Les précipitations

Dans le nuage, les gouttelettes se rencontrent, se regroupent et grossissent. Quand elles \
deviennent trop lourdes pour rester en l'air, elles tombent : ce sont les \
**précipitations**. Selon la température, elles tombent sous forme de **pluie**, de \
**neige** ou de **grêle**.

## 4. Le ruissellement

Une partie de l'eau tombée sur le sol **ruisselle** : elle coule à la surface, en suivant \
la pente, vers les ruisseaux, les rivières et les fleuves, qui la ramènent jusqu'à la mer. \
Le ruissellement est plus fort quand le sol est imperméable (roche, route goudronnée, sol \
gelé) ou déjà gorgé d'eau : c'est une des causes des inondations.

## 5. L'infiltration

Une autre partie de l'eau **s'infiltre** : elle pénètre dans le sol et descend lentement à \
travers les roches poreuses. Elle forme des réserves souterraines, les **nappes \
phréatiques**, qui alimentent les sources et les puits. Cette eau peut rester sous terre \
quelques jours… ou des milliers d'années, avant de rejoindre une rivière ou la mer.

## Et ça recommence

Revenue à l'océan, l'eau s'évapore de nouveau : le cycle est bouclé. L'eau que tu bois \
aujourd'hui a peut-être déjà été de la neige sur une montagne, un nuage au-dessus de \
l'Atlantique… ou l'eau bue par un dinosaure !

## À retenir

| Étape | Ce qui se passe | Changement d'état ? |
|---|---|---|
| Évaporation | l'eau liquide devient vapeur | liquide → gaz |
| Condensation | la vapeur forme des gouttelettes (nuages) | gaz → liquide |
| Précipitations | l'eau retombe (pluie, neige, grêle) | parfois liquide → solide |
| Ruissellement | l'eau coule en surface vers les rivières | non |
| Infiltration | l'eau pénètre dans le sol et rejoint les nappes | non |

**En classe**, par groupes, vous construirez une maquette du cycle et vous l'expliquerez \
à l'oral : repère dès maintenant l'étape que tu aimerais présenter.
"""

SCIENCES = {
    "key": "eau",
    "title": "Sciences — Le cycle de l'eau",
    "description": (
        "Séquence de sciences (6e) en classe inversée : les élèves découvrent les notions à "
        "la maison (article et quiz), puis construisent en classe une maquette du cycle de "
        "l'eau et expliquent le processus à l'oral."
    ),
    "objectives": [
        "Nommer les trois états de l'eau et les changements d'état",
        "Décrire les étapes du cycle de l'eau : évaporation, condensation, précipitations",
        "Distinguer ruissellement et infiltration",
        "Expliquer le cycle de l'eau à l'oral à l'aide d'une maquette",
    ],
    "cohort": "6e B — Collège Jean-Moulin",
    "learners": list(range(1, 26)),
    "feedback_comments": [
        "J'ai bien aimé l'expérience avec le glaçon, on comprend mieux.",
        "Le vote sur les bulles m'a surpris, j'étais sûr que c'était de l'air !",
        "C'était bien de discuter avec mon voisin avant de revoter.",
        "L'article était un peu long mais le tableau m'a aidé.",
        "J'aimerais faire plus d'expériences en classe.",
        "Je n'avais pas lu l'article et j'étais un peu perdu au début.",
        "Super séance, j'ai enfin compris la différence entre la buée et la vapeur.",
        "On n'a pas eu le temps de finir la maquette.",
    ],
    "past": {
        "title": "Séance 1 — Les états de l'eau",
        "days": -6,
        "time": (10, 0),
        "objectives": [0],
        "articles": [
            {
                "activity": "Lire : les trois états de l'eau",
                "instructions": "Lis l'article (10 minutes) avant la séance.",
                "title": "Solide, liquide, gazeux : les trois états de l'eau",
                "minutes": 8,
                "body": ETATS_ARTICLE,
            }
        ],
        "quiz": {
            "activity": "Quiz : les états de l'eau",
            "instructions": "Quatre questions pour vérifier que tu as compris. Indique aussi "
            "si tu es sûr(e) de ta réponse.",
            "title": "Les états de l'eau",
            "questions": [
                question(
                    "Sous quel état se trouve l'eau dans un glaçon ?",
                    [
                        ("Solide", "Oui : la glace, c'est de l'eau à l'état solide."),
                        ("Liquide", "Non : l'eau liquide coule, le glaçon garde sa forme."),
                        ("Gazeux", "Non : un gaz est invisible et occupe tout l'espace."),
                    ],
                    answer=0,
                    trap=1,
                    objective=0,
                    difficulty=-0.15,
                ),
                question(
                    "Comment s'appelle le passage de l'état solide à l'état liquide ?",
                    [
                        ("La fusion", "Oui : le glaçon fond, c'est une fusion."),
                        ("La solidification", "C'est l'inverse : liquide → solide."),
                        ("La vaporisation", "Non : la vaporisation, c'est liquide → gaz."),
                        ("La condensation", "Non : la condensation, c'est gaz → liquide."),
                    ],
                    answer=0,
                    trap=1,
                    objective=0,
                ),
                question(
                    "La buée sur le miroir de la salle de bain, c'est…",
                    [
                        (
                            "de la vapeur d'eau",
                            "Non : la vapeur d'eau est invisible. La buée, ce sont des "
                            "gouttelettes d'eau liquide.",
                        ),
                        (
                            "de minuscules gouttelettes d'eau liquide",
                            "Oui : la vapeur de la douche se condense sur le miroir froid.",
                        ),
                        ("de la fumée", "Non : la fumée vient d'une combustion."),
                        ("de l'air chaud", "Non : l'air chaud est invisible."),
                    ],
                    answer=1,
                    trap=0,
                    objective=0,
                    difficulty=0.3,
                    general_feedback="On voit la buée, donc ce n'est pas un gaz.",
                ),
                question(
                    "On laisse fondre un glaçon de 20 g dans un récipient fermé. Quelle est la "
                    "masse d'eau liquide obtenue ?",
                    [
                        (
                            "Moins de 20 g",
                            "Non : quand l'eau change d'état, rien ne disparaît.",
                        ),
                        ("20 g", "Oui : la masse se conserve lors d'un changement d'état."),
                        ("Plus de 20 g", "Non : rien ne s'ajoute au glaçon en fondant."),
                    ],
                    answer=1,
                    trap=0,
                    objective=0,
                    difficulty=0.15,
                ),
            ],
        },
        "unclear": {
            "activity": "Qu'est-ce qui était flou ?",
            "instructions": "Écris ce que tu n'as pas compris ou la question que tu te poses. "
            "Il n'y a pas de mauvaise question !",
            "answers": [
                "Je n'ai pas compris la différence entre évaporation et vaporisation.",
                "Pourquoi la buée n'est pas de la vapeur ? On dit pourtant « vapeur » dans la "
                "salle de bain.",
                "Je ne comprends pas pourquoi la température reste à 0 °C pendant que le "
                "glaçon fond.",
                "C'est quoi la différence entre liquéfaction et condensation ?",
                "Si la vapeur est invisible, qu'est-ce qu'on voit au-dessus de la casserole ?",
                "Je n'ai pas compris pourquoi la masse ne change pas alors que le glaçon "
                "devient tout petit.",
                "Est-ce que la glace peut se transformer directement en vapeur ?",
                "Je n'ai pas bien compris le tableau des changements d'état.",
            ],
        },
        "vote": {
            "activity": "Vote : les bulles de l'eau qui bout",
            "instructions": "Vote seul(e), discute avec ton voisin, puis revote.",
            "question": question(
                "Quand l'eau bout dans une casserole, que contiennent les grosses bulles qui "
                "montent du fond ?",
                [
                    (
                        "De l'air",
                        "C'est la réponse la plus fréquente ! Au tout début, de petites bulles "
                        "d'air dissous s'échappent, mais les grosses bulles de l'ébullition "
                        "sont de la vapeur d'eau.",
                    ),
                    (
                        "De la vapeur d'eau",
                        "Oui : au fond de la casserole, là où c'est le plus chaud, l'eau "
                        "liquide devient gaz et forme des bulles.",
                    ),
                    (
                        "Du dioxygène et du dihydrogène",
                        "Non : en bouillant, l'eau change d'état mais reste de l'eau.",
                    ),
                    ("Rien, c'est du vide", "Non : une bulle contient toujours un gaz."),
                ],
                answer=1,
                trap=0,
                objective=0,
            ),
        },
        "feedback": {
            "activity": "Ton avis sur la séance",
            "instructions": "Note la séance de 1 à 5 et dis-nous ce qui t'a aidé.",
        },
    },
    "upcoming": {
        "title": "Séance 2 — Le cycle de l'eau",
        "days": 2,
        "time": (10, 0),
        "objectives": [1, 2, 3],
        "articles": [
            {
                "activity": "Lire : le voyage d'une goutte d'eau",
                "instructions": "Lis l'article avant hier soir, puis fais le quiz.",
                "title": "Le voyage d'une goutte d'eau : le cycle de l'eau",
                "minutes": 10,
                "body": CYCLE_ARTICLE,
            }
        ],
        "quiz": {
            "activity": "Quiz : le cycle de l'eau",
            "instructions": "Cinq questions, avec ton niveau de confiance. Le quiz est "
            "obligatoire avant la séance.",
            "title": "Le cycle de l'eau",
            "questions": [
                question(
                    "Quelle est la source d'énergie qui fait fonctionner le cycle de l'eau ?",
                    [
                        ("Le Soleil", "Oui : sa chaleur provoque l'évaporation."),
                        (
                            "Le vent",
                            "Le vent déplace les nuages et accélère l'évaporation, mais "
                            "l'énergie vient du Soleil.",
                        ),
                        ("La Lune", "La Lune agit sur les marées, pas sur l'évaporation."),
                        (
                            "Les volcans",
                            "Ils rejettent un peu de vapeur, mais ce n'est pas le moteur du cycle.",
                        ),
                    ],
                    answer=0,
                    trap=1,
                    objective=1,
                    difficulty=-0.1,
                ),
                question(
                    "De quoi un nuage est-il fait ?",
                    [
                        (
                            "De vapeur d'eau",
                            "C'est l'erreur la plus fréquente : la vapeur d'eau est "
                            "invisible. Si on voit le nuage, c'est qu'il est fait de "
                            "gouttelettes.",
                        ),
                        (
                            "De minuscules gouttelettes d'eau liquide ou de cristaux de glace",
                            "Oui : la vapeur s'est condensée en gouttelettes.",
                        ),
                        ("De fumée", "Non : la fumée vient d'une combustion."),
                        ("D'air chaud", "Non : l'air chaud est invisible, lui aussi."),
                    ],
                    answer=1,
                    trap=0,
                    objective=1,
                    difficulty=0.35,
                    general_feedback="Ce que l'on voit n'est jamais de la vapeur d'eau.",
                ),
                question(
                    "Comment s'appelle le passage de la vapeur d'eau aux gouttelettes des nuages ?",
                    [
                        (
                            "L'évaporation",
                            "C'est l'inverse : l'évaporation transforme l'eau liquide en vapeur.",
                        ),
                        ("La condensation", "Oui : la vapeur refroidie redevient liquide."),
                        (
                            "L'infiltration",
                            "Non : l'infiltration, c'est l'eau qui pénètre dans le sol.",
                        ),
                        ("La fusion", "Non : la fusion, c'est le passage de solide à liquide."),
                    ],
                    answer=1,
                    trap=0,
                    objective=1,
                    difficulty=0.2,
                ),
                question(
                    "Il pleut fort sur un parking goudronné. Que fait surtout l'eau ?",
                    [
                        (
                            "Elle ruisselle",
                            "Oui : le goudron est imperméable, l'eau coule en surface vers "
                            "les égouts et les rivières.",
                        ),
                        (
                            "Elle s'infiltre",
                            "Pas ici : le goudron empêche l'eau de pénétrer dans le sol.",
                        ),
                        (
                            "Elle s'évapore aussitôt",
                            "Une partie s'évaporera plus tard, mais pas tout de suite.",
                        ),
                        ("Elle disparaît", "Rien ne disparaît dans le cycle de l'eau."),
                    ],
                    answer=0,
                    trap=1,
                    objective=2,
                    difficulty=0.1,
                ),
                question(
                    "L'eau de mer est salée. Et la pluie qui tombe au-dessus de l'océan ?",
                    [
                        (
                            "Elle est salée, elle aussi",
                            "Non : quand l'eau s'évapore, le sel reste dans l'océan.",
                        ),
                        (
                            "Elle est douce, car le sel ne s'évapore pas",
                            "Oui : la vapeur d'eau ne contient pas de sel.",
                        ),
                        (
                            "Elle est un peu salée seulement",
                            "Non : la vapeur d'eau ne contient pas de sel du tout.",
                        ),
                        ("Ça dépend de la saison", "Non : la saison ne change rien au sel."),
                    ],
                    answer=1,
                    trap=0,
                    objective=1,
                    difficulty=0.2,
                ),
            ],
        },
        "unclear": {
            "activity": "Qu'est-ce qui était flou ?",
            "instructions": "Écris ce que tu n'as pas compris ou la question que tu te poses.",
            "answers": [
                "Je n'ai pas compris la différence entre évaporation et condensation, je les "
                "confonds tout le temps.",
                "Pourquoi la vapeur se transforme en gouttes quand elle monte ? Je croyais que "
                "la chaleur montait.",
                "Je ne comprends pas pourquoi il fait plus froid en altitude alors qu'on est "
                "plus près du Soleil.",
                "Si le nuage est fait d'eau liquide, pourquoi il ne tombe pas tout de suite ?",
                "Je croyais que les nuages étaient de la vapeur, je ne vois pas la différence.",
                "C'est quoi exactement une nappe phréatique ? C'est comme un lac sous la terre ?",
                "Je n'ai pas compris comment l'eau peut rester des milliers d'années sous terre.",
                "Je ne sais pas quand l'eau ruisselle et quand elle s'infiltre.",
                "Comment la neige fait partie du cycle si elle reste sur la montagne ?",
                "Pourquoi la pluie n'est pas salée si elle vient de la mer ?",
                "La transpiration des plantes, ça compte vraiment dans le cycle ?",
            ],
        },
        "vote": {
            "activity": "Vote : la bouteille qui « transpire »",
            "instructions": "Vote seul(e), discute avec ton voisin, puis revote.",
            "question": question(
                "On sort une bouteille bien fraîche du réfrigérateur : elle se couvre de "
                "gouttelettes. D'où vient cette eau ?",
                [
                    (
                        "De l'intérieur de la bouteille, à travers le verre",
                        "Non : le verre est étanche. Une bouteille vide et fermée se couvre "
                        "aussi de gouttelettes !",
                    ),
                    (
                        "De la vapeur d'eau de l'air, qui se condense sur la paroi froide",
                        "Oui : c'est la même condensation que dans les nuages.",
                    ),
                    ("Du froid, qui fabrique de l'eau", "Non : le froid ne crée pas d'eau."),
                    (
                        "Du réfrigérateur, qui était humide",
                        "Non : les gouttes apparaissent après la sortie du réfrigérateur.",
                    ),
                ],
                answer=1,
                trap=0,
                objective=1,
            ),
        },
        "feedback": {
            "activity": "Ton avis sur la séance",
            "instructions": "Note la séance de 1 à 5 et dis-nous ce qui t'a aidé.",
        },
    },
}

# --------------------------------------------------------------------------------------
# Droit (enseignement supérieur) — les grands arrêts de la responsabilité
# --------------------------------------------------------------------------------------

BLANCO_ARTICLE = """\
## Les faits

En 1871, à Bordeaux, la jeune Agnès Blanco, âgée de cinq ans, est renversée et grièvement \
blessée par un wagonnet poussé par des ouvriers de la **manufacture des tabacs**, \
exploitée par l'État.

## La procédure

Son père assigne l'État devant le **tribunal civil de Bordeaux** pour obtenir des dommages \
et intérêts, sur le fondement des articles 1382 à 1384 du Code civil (responsabilité du \
fait personnel et du fait d'autrui). Le préfet de la Gironde conteste la compétence du juge \
judiciaire et élève le **conflit** : le Tribunal des conflits doit dire quel ordre de \
juridiction est compétent.

## Le problème de droit

La responsabilité de l'État pour les dommages causés par les personnes qu'il emploie dans \
un service public relève-t-elle du Code civil et du juge judiciaire, ou de règles propres \
et du juge administratif ?

## La solution

Le Tribunal des conflits juge que cette responsabilité « ne peut être régie par les \
principes qui sont établis dans le Code civil, pour les rapports de particulier à \
particulier », qu'elle « n'est ni générale, ni absolue » et qu'elle « a ses règles \
spéciales qui varient suivant les besoins du service et la nécessité de concilier les \
droits de l'État avec les droits privés ». Il en déduit que **l'autorité administrative \
est seule compétente** pour l'apprécier.

## La portée

- **Autonomie du droit administratif** : la responsabilité de la puissance publique obéit \
à des règles propres, distinctes du Code civil.
- **Lien entre la compétence et le fond** : parce que des règles spéciales s'appliquent, \
c'est le juge administratif qui est compétent.
- **Le service public** devient un critère central de la compétence administrative, idée \
que développera au début du XXᵉ siècle l'« école du service public ».
- L'arrêt admet que l'État puisse être **responsable** des dommages causés par ses \
services, à une époque où l'irresponsabilité de la puissance publique restait la règle \
dans bien des domaines (elle ne sera abandonnée pour les activités de police qu'avec \
l'arrêt *Tomaso Grecco*, CE, 1905).

La solution a été nuancée depuis : les services publics industriels et commerciaux, par \
exemple, relèvent pour l'essentiel du juge judiciaire dans leurs rapports avec leurs \
usagers. Mais l'arrêt reste présenté comme la « pierre angulaire » du droit administratif.

## Pour le TD

Préparez un argument **pour** et un argument **contre** l'idée qu'un régime spécial de \
responsabilité de l'État se justifie encore aujourd'hui.
"""

PERRUCHE_ARTICLE = """\
## Les faits

Pendant sa grossesse, Mme Perruche présente des symptômes pouvant évoquer la \
**rubéole**, une maladie dangereuse pour le fœtus. Elle fait savoir qu'en cas d'infection \
elle souhaite interrompre sa grossesse. À la suite de fautes du laboratoire d'analyses et \
de son médecin, elle est considérée à tort comme immunisée. Son fils Nicolas naît en 1983 \
atteint de graves troubles neurologiques et sensoriels dus à la rubéole contractée *in \
utero*.

## La procédure

Les parents agissent en responsabilité contre le médecin et le laboratoire, en leur nom et \
au nom de leur enfant. Le préjudice des parents est réparé ; celui de l'enfant est refusé \
par la cour d'appel de renvoi, qui **résiste** à la première chambre civile de la Cour de \
cassation. L'affaire est donc portée devant l'**assemblée plénière**.

## Le problème de droit

Un enfant né handicapé peut-il obtenir réparation de son propre préjudice lorsque les \
fautes d'un médecin et d'un laboratoire ont privé sa mère de la possibilité d'interrompre \
sa grossesse ?

## La solution

La Cour de cassation répond **oui** : dès lors que les fautes commises ont empêché la mère \
d'exercer son choix d'interrompre sa grossesse afin d'éviter la naissance d'un enfant \
atteint d'un handicap, l'enfant peut demander la réparation du préjudice **résultant de ce \
handicap** et causé par les fautes retenues.

## Les débats

L'arrêt provoque une très vive controverse :

- **Pour** : il assure à l'enfant une indemnisation qui lui permet de vivre dignement, y \
compris après le décès de ses parents ; les fautes sont établies.
- **Contre** : les fautes n'ont pas *causé* le handicap, dû à la rubéole ; l'arrêt \
semblerait reconnaître un « préjudice d'être né » ; des associations de personnes \
handicapées y voient une atteinte à leur dignité ; les praticiens du diagnostic prénatal \
craignent une responsabilité sans limite.

## La réaction du législateur

La **loi du 4 mars 2002** (dite loi Kouchner) dispose que « nul, fût-il né handicapé, ne \
peut se prévaloir d'un préjudice du seul fait de sa naissance ». L'enfant n'est indemnisé \
que si la faute a directement provoqué ou aggravé le handicap, ou empêché de prendre les \
mesures susceptibles de l'atténuer. Lorsque le handicap n'a pas été décelé pendant la \
grossesse à la suite d'une **faute caractérisée**, les parents peuvent obtenir réparation \
de leur seul préjudice ; les charges particulières découlant du handicap relèvent de la \
**solidarité nationale**. Ces règles figurent aujourd'hui à l'article L. 114-5 du Code de \
l'action sociale et des familles.

L'application de la loi aux procès déjà engagés a ensuite été censurée : par la Cour \
européenne des droits de l'homme (*Draon* et *Maurice c. France*, 2005), puis par le \
Conseil constitutionnel (décision QPC du 11 juin 2010).

## Pour le TD

Vous débattrez en petits groupes : **la réponse du législateur est-elle satisfaisante ?** \
Préparez un argument juridique pour chaque position.
"""

DROIT = {
    "key": "droit",
    "title": "Droit de la responsabilité — les grands arrêts",
    "description": (
        "Travaux dirigés de licence 3 en classe inversée : les étudiants étudient un arrêt "
        "avant la séance (fiche d'arrêt et quiz), puis débattent en petits groupes de ses "
        "implications et rédigent une synthèse juridique."
    ),
    "objectives": [
        "Présenter les faits, la procédure et le problème de droit d'un arrêt",
        "Expliquer la solution et la portée d'un arrêt",
        "Distinguer responsabilité administrative et responsabilité civile",
        "Argumenter à l'oral et rédiger une synthèse juridique",
    ],
    "cohort": "Licence 3 Droit — groupe de TD 2",
    "learners": list(range(1, 23)),
    "feedback_comments": [
        "Le débat en petits groupes était très stimulant, on a vraiment dû argumenter.",
        "Le vote avant et après la discussion m'a fait changer d'avis, c'était intéressant.",
        "La fiche d'arrêt était claire, mais il faudrait plus de temps pour la synthèse.",
        "J'aurais aimé une correction écrite de la synthèse.",
        "Enfin un TD où l'on ne recopie pas le cours !",
        "Difficile de suivre quand on n'a pas préparé : ça motive pour la prochaine fois.",
        "Le rappel sur le Tribunal des conflits en début de séance était bienvenu.",
    ],
    "past": {
        "title": "TD 3 — L'arrêt Blanco (TC, 8 février 1873)",
        "days": -5,
        "time": (14, 0),
        "objectives": [0, 1, 2],
        "articles": [
            {
                "activity": "Fiche d'arrêt : Blanco",
                "instructions": "Lisez la fiche et relisez le texte de l'arrêt (Légifrance).",
                "title": "Tribunal des conflits, 8 février 1873, Blanco",
                "minutes": 12,
                "body": BLANCO_ARTICLE,
            }
        ],
        "quiz": {
            "activity": "Quiz : l'arrêt Blanco",
            "instructions": "Quatre questions sur les faits, la solution et la portée.",
            "title": "L'arrêt Blanco",
            "questions": [
                question(
                    "Quelle juridiction a rendu l'arrêt Blanco ?",
                    [
                        (
                            "Le Conseil d'État",
                            "Non : il fallait d'abord trancher un conflit de compétence "
                            "entre les deux ordres de juridiction.",
                        ),
                        ("La Cour de cassation", "Non : elle est au sommet de l'ordre judiciaire."),
                        (
                            "Le Tribunal des conflits",
                            "Oui : le préfet avait élevé le conflit, il fallait désigner le "
                            "juge compétent.",
                        ),
                        (
                            "Le tribunal civil de Bordeaux",
                            "Il a été saisi par le père, mais le conflit a été élevé devant lui.",
                        ),
                    ],
                    answer=2,
                    trap=0,
                    objective=0,
                    difficulty=0.15,
                ),
                question(
                    "Quelle question le Tribunal devait-il trancher ?",
                    [
                        (
                            "Le montant de l'indemnité due à la famille Blanco",
                            "Non : le Tribunal des conflits ne juge pas le fond, il désigne le "
                            "juge compétent.",
                        ),
                        (
                            "Quel ordre de juridiction est compétent pour juger la "
                            "responsabilité de l'État",
                            "Oui : c'est une question de compétence.",
                        ),
                        (
                            "Si les ouvriers avaient commis une faute pénale",
                            "Non : aucune poursuite pénale n'était en cause.",
                        ),
                        ("Si la manufacture devait fermer", "Non : ce n'était pas la question."),
                    ],
                    answer=1,
                    trap=0,
                    objective=0,
                    difficulty=0.1,
                ),
                question(
                    "Selon l'arrêt, la responsabilité de l'État du fait de ses services publics…",
                    [
                        (
                            "est régie par les articles 1382 et suivants du Code civil",
                            "C'est précisément ce que l'arrêt écarte : ces principes valent "
                            "« pour les rapports de particulier à particulier ».",
                        ),
                        (
                            "n'est ni générale ni absolue et a ses règles spéciales",
                            "Oui : c'est le cœur de la solution.",
                        ),
                        (
                            "n'existe pas : l'État est irresponsable",
                            "Non : l'arrêt admet cette responsabilité, selon des règles propres.",
                        ),
                        ("relève du juge pénal", "Non : il s'agit de responsabilité civile."),
                    ],
                    answer=1,
                    trap=0,
                    objective=1,
                    difficulty=0.2,
                ),
                question(
                    "Quel lien l'arrêt établit-il ?",
                    [
                        (
                            "Entre le droit applicable au fond et la compétence du juge",
                            "Oui : parce que des règles spéciales s'appliquent, le juge "
                            "administratif est compétent.",
                        ),
                        (
                            "Entre la gravité du dommage et le montant de l'indemnité",
                            "Non : l'arrêt ne se prononce pas sur l'indemnité.",
                        ),
                        (
                            "Entre l'âge de la victime et la compétence du juge",
                            "Non : l'âge de la victime ne joue aucun rôle dans la solution.",
                        ),
                        (
                            "Entre le droit pénal et le droit civil",
                            "Non : le droit pénal n'est pas en cause.",
                        ),
                    ],
                    answer=0,
                    trap=1,
                    objective=2,
                    difficulty=0.25,
                ),
            ],
        },
        "unclear": {
            "activity": "Qu'est-ce qui était flou ?",
            "instructions": "Vos questions sur l'arrêt : nous les reprendrons en début de TD.",
            "answers": [
                "Je n'ai pas compris ce que veut dire « élever le conflit » et qui peut le faire.",
                "Quelle est la différence entre le Tribunal des conflits et le Conseil d'État ?",
                "Je ne comprends pas le lien entre la compétence et le fond, ça me paraît "
                "circulaire.",
                "Pourquoi le Code civil ne s'applique pas alors que c'est un accident comme un "
                "autre ?",
                "Je n'ai pas compris ce que signifie « ni générale, ni absolue ».",
                "Est-ce que l'arrêt Blanco s'applique encore aujourd'hui ?",
                "Je ne vois pas bien la différence entre service public administratif et "
                "service public industriel et commercial.",
                "Comment rédiger la portée sans paraphraser la solution ?",
            ],
        },
        "vote": {
            "activity": "Vote : pourquoi le juge administratif ?",
            "instructions": "Votez, débattez par groupes de trois, puis revotez.",
            "question": question(
                "Pourquoi, selon l'arrêt Blanco, le juge administratif est-il compétent ?",
                [
                    (
                        "Parce que l'État est partie au procès",
                        "Non : ce n'est pas la seule présence de l'État qui compte, mais le "
                        "fait que le dommage a été causé par un service public soumis à des "
                        "règles spéciales.",
                    ),
                    (
                        "Parce que le dommage a été causé par un service public, dont la "
                        "responsabilité obéit à des règles spéciales",
                        "Oui : le fond (des règles spéciales) commande la compétence.",
                    ),
                    (
                        "Parce que la victime était mineure",
                        "Non : l'âge de la victime ne joue aucun rôle.",
                    ),
                    (
                        "Parce que le Code civil ne prévoyait aucune responsabilité du fait "
                        "d'autrui",
                        "Non : l'article 1384 existait ; l'arrêt en écarte l'application à l'État.",
                    ),
                ],
                answer=1,
                trap=0,
                objective=2,
            ),
        },
        "feedback": {
            "activity": "Votre avis sur le TD",
            "instructions": "Une note de 1 à 5 et, si vous le souhaitez, un commentaire.",
        },
    },
    "upcoming": {
        "title": "TD 4 — L'arrêt Perruche (Cass. ass. plén., 17 novembre 2000)",
        "days": 3,
        "time": (14, 0),
        "objectives": [0, 1, 3],
        "articles": [
            {
                "activity": "Fiche d'arrêt : Perruche",
                "instructions": "Lisez la fiche pour hier soir au plus tard.",
                "title": "Cour de cassation, assemblée plénière, 17 novembre 2000, Perruche",
                "minutes": 15,
                "body": PERRUCHE_ARTICLE,
            }
        ],
        "quiz": {
            "activity": "Quiz : l'arrêt Perruche",
            "instructions": "Cinq questions, obligatoires avant le TD.",
            "title": "L'arrêt Perruche",
            "questions": [
                question(
                    "Quelle formation de la Cour de cassation a rendu l'arrêt Perruche ?",
                    [
                        (
                            "La première chambre civile",
                            "Elle avait statué une première fois en 1996 ; c'est la "
                            "résistance de la cour de renvoi qui a conduit à l'assemblée "
                            "plénière.",
                        ),
                        ("L'assemblée plénière", "Oui : la formation la plus solennelle."),
                        ("La chambre criminelle", "Non : l'affaire est civile."),
                        (
                            "Le Conseil d'État",
                            "Non : ce n'est pas une formation de la Cour de cassation.",
                        ),
                    ],
                    answer=1,
                    trap=0,
                    objective=0,
                    difficulty=0.1,
                ),
                question(
                    "Quel préjudice de l'enfant la Cour de cassation accepte-t-elle de réparer ?",
                    [
                        (
                            "Le préjudice d'être né",
                            "C'est la lecture critique de l'arrêt, mais la Cour vise le "
                            "préjudice résultant du handicap.",
                        ),
                        (
                            "Le préjudice résultant de son handicap, causé par les fautes retenues",
                            "Oui : ce sont les termes de l'arrêt.",
                        ),
                        (
                            "Aucun : seuls les parents sont indemnisés",
                            "C'était la position de la cour de renvoi, censurée.",
                        ),
                        (
                            "Uniquement son préjudice moral",
                            "Non : l'arrêt vise le préjudice résultant du handicap.",
                        ),
                    ],
                    answer=1,
                    trap=0,
                    objective=1,
                    difficulty=0.3,
                ),
                question(
                    "Quelle est la principale critique juridique adressée à l'arrêt ?",
                    [
                        (
                            "Le lien de causalité : les fautes n'ont pas causé le handicap, "
                            "dû à la rubéole",
                            "Oui : c'est l'objection technique la plus forte.",
                        ),
                        (
                            "L'absence de faute du laboratoire",
                            "Non : les fautes n'étaient plus discutées devant l'assemblée "
                            "plénière.",
                        ),
                        (
                            "Le montant excessif de l'indemnisation",
                            "Non : l'arrêt ne fixe aucun montant.",
                        ),
                        (
                            "L'incompétence de la Cour de cassation",
                            "Non : sa compétence n'était pas en cause.",
                        ),
                    ],
                    answer=0,
                    trap=1,
                    objective=1,
                    difficulty=0.2,
                ),
                question(
                    "Quelle règle pose la loi du 4 mars 2002 ?",
                    [
                        (
                            "« Nul, fût-il né handicapé, ne peut se prévaloir d'un préjudice "
                            "du seul fait de sa naissance »",
                            "Oui : c'est aujourd'hui l'article L. 114-5 du CASF.",
                        ),
                        (
                            "L'enfant né handicapé est toujours indemnisé par le médecin",
                            "Non : c'est l'inverse de la loi.",
                        ),
                        (
                            "Les parents ne peuvent plus agir contre le médecin",
                            "Non : en cas de faute caractérisée, les parents obtiennent "
                            "réparation de leur propre préjudice.",
                        ),
                        ("Le diagnostic prénatal est interdit", "Non, évidemment."),
                    ],
                    answer=0,
                    trap=2,
                    objective=1,
                    difficulty=0.05,
                ),
                question(
                    "Si la même faute avait été commise dans un hôpital public, quel juge "
                    "aurait été compétent ?",
                    [
                        (
                            "Le juge administratif",
                            "Oui. Le Conseil d'État avait d'ailleurs retenu une autre "
                            "solution dans l'arrêt Quarez (1997) : il indemnisait les "
                            "parents, y compris des charges liées au handicap, mais pas "
                            "l'enfant.",
                        ),
                        (
                            "Le juge judiciaire",
                            "Non : la responsabilité d'un hôpital public relève du juge "
                            "administratif. Souvenez-vous de Blanco !",
                        ),
                        (
                            "Le Tribunal des conflits",
                            "Non : il ne tranche que les conflits de compétence.",
                        ),
                        ("Le Conseil constitutionnel", "Non : il ne juge pas les litiges."),
                    ],
                    answer=0,
                    trap=1,
                    objective=1,
                    difficulty=0.25,
                ),
            ],
        },
        "unclear": {
            "activity": "Qu'est-ce qui était flou ?",
            "instructions": "Vos questions sur l'arrêt et sur la loi de 2002.",
            "answers": [
                "Je n'ai pas compris la différence entre le préjudice d'être né et le "
                "préjudice résultant du handicap.",
                "Pourquoi le lien de causalité pose problème si les fautes sont reconnues ?",
                "Je ne comprends pas ce qu'est une cour d'appel de renvoi qui « résiste ».",
                "Quelle est la différence entre l'assemblée plénière et une chambre mixte ?",
                "Je ne comprends pas pourquoi la loi ne pouvait pas s'appliquer aux procès en "
                "cours.",
                "Qu'est-ce que la CEDH a reproché exactement à la France dans Draon ?",
                "Je n'ai pas compris qui paie aujourd'hui les charges liées au handicap.",
                "Comment l'arrêt Quarez du Conseil d'État se situe-t-il par rapport à Perruche ?",
                "Je ne vois pas comment construire un argument juridique, et pas seulement "
                "moral, pour le débat.",
            ],
        },
        "vote": {
            "activity": "Vote : et aujourd'hui ?",
            "instructions": "Votez, débattez par groupes de trois, puis revotez.",
            "question": question(
                "Depuis la loi du 4 mars 2002, un enfant né avec un handicap non décelé "
                "pendant la grossesse peut-il obtenir réparation de son propre préjudice ?",
                [
                    (
                        "Oui, comme dans l'arrêt Perruche",
                        "Non : la loi de 2002 a précisément écarté cette solution.",
                    ),
                    (
                        "Non, sauf si la faute a provoqué ou aggravé le handicap, ou empêché "
                        "de l'atténuer",
                        "Oui : c'est l'article L. 114-5 du CASF.",
                    ),
                    (
                        "Oui, mais seulement devant le juge administratif",
                        "Non : la règle vaut devant les deux ordres de juridiction.",
                    ),
                    (
                        "Non, et ses parents non plus",
                        "Non : en cas de faute caractérisée, les parents sont indemnisés de "
                        "leur propre préjudice.",
                    ),
                ],
                answer=1,
                trap=0,
                objective=1,
            ),
        },
        "feedback": {
            "activity": "Votre avis sur le TD",
            "instructions": "Une note de 1 à 5 et, si vous le souhaitez, un commentaire.",
        },
    },
}

# --------------------------------------------------------------------------------------
# Vente (formation professionnelle) — traiter les objections
# --------------------------------------------------------------------------------------

CRAC_ARTICLE = """\
Une objection n'est pas un refus : c'est souvent le signe que le client s'intéresse et \
qu'il lui manque une information, une garantie ou une raison de décider. Le piège consiste \
à répondre trop vite, sur la défensive, avant d'avoir compris ce qui se cache derrière.

## Objection réelle ou prétexte ?

- L'**objection réelle** porte sur un point précis et sincère : « Votre délai de livraison \
est trop long pour notre chantier. »
- Le **prétexte** (ou objection de fuite) sert à écourter l'échange : « Je vais \
réfléchir », « Envoyez-moi une documentation ». Il cache souvent une objection non dite.

Pour faire la différence, on **questionne** : « Qu'est-ce qui vous fait hésiter, \
précisément ? »

## Les quatre étapes de la méthode CRAC

1. **C — Creuser** (certains disent *Calmer*) : accueillir l'objection sans la contredire \
(« Je comprends que ce point soit important pour vous »), puis poser des questions \
ouvertes pour découvrir la vraie préoccupation.
2. **R — Reformuler** : redire l'objection avec ses mots pour vérifier qu'on l'a bien \
comprise et montrer qu'on a écouté. « Si je comprends bien, ce qui vous inquiète, c'est \
le coût de la maintenance sur trois ans ? »
3. **A — Argumenter** : répondre à *cette* préoccupation avec un ou deux arguments adaptés, \
appuyés sur des preuves (chiffres, témoignage client, démonstration). Inutile de dérouler \
tout le catalogue.
4. **C — Contrôler** : vérifier que la réponse a levé le frein. « Est-ce que cela répond à \
votre question ? » Si oui, on avance vers la conclusion ; sinon, on recommence à creuser.

## Les erreurs fréquentes

- Contredire le client (« Non, vous vous trompez… ») : il se braque.
- Argumenter avant d'avoir reformulé : on répond souvent à côté.
- Oublier de contrôler : l'objection reste dans la tête du client et ressortira au moment \
de signer.

## Pour la séance

Notez **trois objections** que vous entendez réellement sur le terrain : elles serviront \
de base aux jeux de rôle.
"""

PRIX_ARTICLE = """\
« C'est trop cher » est l'objection la plus fréquente… et la plus mal traitée. Beaucoup de \
vendeurs y répondent par une remise, ce qui confirme au client que le prix était gonflé et \
réduit la marge sans garantir la vente.

## 1. Comprendre ce que « trop cher » veut dire

Trop cher par rapport à quoi ? Au budget prévu, à un concurrent, à l'idée que le client se \
fait de la valeur ? Commencez toujours par creuser : « Trop cher par rapport à quoi ? », \
« Quel budget aviez-vous prévu ? ».

## 2. Parler de valeur avant de parler de prix

Le client compare un prix à une valeur perçue. Rappelez les bénéfices qui comptent *pour \
lui*, tels qu'il les a exprimés pendant la découverte : gain de temps, fiabilité, service \
après-vente, durée de vie.

## 3. Quelques techniques éprouvées

- **Le coût global** : ramener le prix à la durée d'utilisation ou au coût total de \
possession. « Sur cinq ans, l'écart représente 4 € par mois, maintenance incluse. »
- **Le fractionnement** : présenter le prix par jour, par utilisateur ou par mois.
- **La comparaison juste** : si le client compare avec un concurrent, vérifier que les \
offres sont vraiment équivalentes (garantie, délai, installation, formation).
- **Le donnant-donnant** : si une concession est nécessaire, toujours l'échanger contre une \
contrepartie (volume, engagement plus long, paiement comptant). Jamais de remise \
« gratuite ».

## 4. Annoncer le prix avec assurance

Un prix annoncé en hésitant appelle la négociation. Annoncez-le clairement, puis taisez-vous \
et laissez le client réagir.

## Pour la séance

Préparez le **script** de votre réponse à l'objection prix pour votre produit phare : vous \
le testerez en jeu de rôle et l'améliorerez avec le groupe.
"""

VENTE = {
    "key": "vente",
    "title": "Vente — traiter les objections clients",
    "description": (
        "Formation commerciale : les participants étudient en ligne la gestion des "
        "objections, puis s'entraînent en présentiel par des jeux de rôle, corrigent leurs "
        "erreurs en direct et construisent des scripts personnalisés."
    ),
    "objectives": [
        "Distinguer une objection réelle d'un prétexte",
        "Appliquer la méthode CRAC face à une objection",
        "Répondre à l'objection prix sans brader l'offre",
        "Construire un script personnalisé de réponse aux objections",
    ],
    "cohort": "Commerciaux terrain — promotion de printemps",
    "learners": list(range(14, 26)),
    "feedback_comments": [
        "Les jeux de rôle étaient très réalistes, j'ai repris deux phrases pour mes rendez-vous.",
        "Le vote sur le concurrent moins cher a lancé une bonne discussion.",
        "J'aurais aimé plus de temps sur mes propres objections terrain.",
        "Très concret, on sent que la formatrice connaît le terrain.",
        "Le module en ligne était un peu théorique, la séance l'a bien complété.",
        "Bonne dynamique de groupe, j'ai appris des collègues.",
    ],
    "past": {
        "title": "Module 1 — Traiter une objection avec la méthode CRAC",
        "days": -3,
        "time": (9, 0),
        "objectives": [0, 1],
        "articles": [
            {
                "activity": "Module en ligne : la méthode CRAC",
                "instructions": "Environ 10 minutes, à faire avant la journée en salle.",
                "title": "Traiter une objection avec la méthode CRAC",
                "minutes": 10,
                "body": CRAC_ARTICLE,
            }
        ],
        "quiz": {
            "activity": "Quiz : la méthode CRAC",
            "instructions": "Quatre questions pour vous situer avant les jeux de rôle.",
            "title": "La méthode CRAC",
            "questions": [
                question(
                    "« Je vais réfléchir, envoyez-moi une documentation. » Il s'agit le plus "
                    "souvent…",
                    [
                        (
                            "d'un prétexte qui cache une objection non dite",
                            "Oui : questionnez pour découvrir le vrai frein.",
                        ),
                        (
                            "d'une objection réelle sur le prix",
                            "Rien ne l'indique : il faut creuser.",
                        ),
                        (
                            "d'un refus définitif",
                            "Pas forcément : c'est souvent un moyen d'écourter l'échange.",
                        ),
                        ("d'un signal d'achat", "Non : le client cherche plutôt à partir."),
                    ],
                    answer=0,
                    trap=2,
                    objective=0,
                    difficulty=0.1,
                ),
                question(
                    "Quelle est la première chose à faire face à une objection ?",
                    [
                        (
                            "Argumenter aussitôt avec les points forts du produit",
                            "C'est le réflexe le plus courant… et le plus risqué : on répond "
                            "avant d'avoir compris.",
                        ),
                        (
                            "Accueillir l'objection et poser des questions pour la comprendre",
                            "Oui : c'est le premier C, creuser.",
                        ),
                        ("Proposer une remise", "Non : vous ignorez encore le vrai frein."),
                        ("Changer de sujet", "Non : l'objection reviendra plus tard."),
                    ],
                    answer=1,
                    trap=0,
                    objective=1,
                    difficulty=0.2,
                ),
                question(
                    "À quoi sert la reformulation ?",
                    [
                        (
                            "À vérifier qu'on a bien compris et à montrer qu'on écoute",
                            "Oui.",
                        ),
                        (
                            "À répéter l'objection pour gagner du temps",
                            "Non : reformuler n'est pas répéter.",
                        ),
                        (
                            "À présenter l'objection de façon à ce qu'elle paraisse moins grave",
                            "Reformuler n'est pas minimiser : le client doit se reconnaître "
                            "dans vos mots.",
                        ),
                        ("À conclure la vente", "Non : la conclusion vient après le contrôle."),
                    ],
                    answer=0,
                    trap=2,
                    objective=1,
                    difficulty=0.15,
                ),
                question(
                    "Que signifie le dernier C de CRAC ?",
                    [
                        (
                            "Conclure",
                            "On conclura ensuite, mais d'abord on vérifie que le frein est levé.",
                        ),
                        ("Contrôler", "Oui : « Est-ce que cela répond à votre question ? »"),
                        ("Convaincre", "Non : convaincre, c'est le rôle de l'argumentation."),
                        ("Compenser", "Non."),
                    ],
                    answer=1,
                    trap=0,
                    objective=1,
                    difficulty=0.2,
                ),
            ],
        },
        "unclear": {
            "activity": "Qu'est-ce qui reste flou ?",
            "instructions": "Vos questions et les situations qui vous posent problème.",
            "answers": [
                "Je n'ai pas compris la différence entre creuser et reformuler, les deux se "
                "ressemblent.",
                "Comment savoir si c'est un prétexte sans vexer le client ?",
                "Que faire si le client répète la même objection après l'étape « contrôler » ?",
                "Je ne vois pas comment appliquer la méthode au téléphone, quand le client veut "
                "raccrocher.",
                "Faut-il toujours reformuler ? J'ai peur que ça paraisse artificiel.",
                "Et si l'objection est justifiée, par exemple un vrai défaut du produit ?",
                "Le premier C, c'est creuser ou calmer ? J'ai vu les deux.",
            ],
        },
        "vote": {
            "activity": "Vote : le concurrent moins cher",
            "instructions": "Votez, comparez avec votre binôme, puis revotez.",
            "question": question(
                "Un client vous dit : « Votre concurrent est moins cher. » Quelle réponse "
                "applique le mieux la méthode CRAC ?",
                [
                    (
                        "« Nos produits sont de bien meilleure qualité, vous savez. »",
                        "Vous argumentez sans savoir ce que le client compare.",
                    ),
                    (
                        "« Je comprends. Sur quels points comparez-vous les deux offres ? »",
                        "Oui : vous accueillez et vous creusez avant d'argumenter.",
                    ),
                    (
                        "« Je peux vous faire 10 % de remise tout de suite. »",
                        "Vous cédez sur le prix sans connaître le vrai frein.",
                    ),
                    (
                        "« Impossible, nous sommes les moins chers du marché. »",
                        "Contredire le client le braque.",
                    ),
                ],
                answer=1,
                trap=0,
                objective=1,
            ),
        },
        "feedback": {
            "activity": "Votre avis sur la journée",
            "instructions": "Une note de 1 à 5 et ce que vous allez mettre en pratique.",
        },
    },
    "upcoming": {
        "title": "Module 2 — L'objection prix",
        "days": 1,
        "time": (9, 0),
        "objectives": [2, 3],
        "articles": [
            {
                "activity": "Module en ligne : l'objection prix",
                "instructions": "À lire pour hier soir : le quiz suit.",
                "title": "L'objection prix : défendre sa valeur sans brader",
                "minutes": 10,
                "body": PRIX_ARTICLE,
            }
        ],
        "quiz": {
            "activity": "Quiz : l'objection prix",
            "instructions": "Cinq questions, obligatoires avant la journée en salle.",
            "title": "L'objection prix",
            "questions": [
                question(
                    "Un client dit « C'est trop cher ». Quelle est la meilleure première "
                    "réaction ?",
                    [
                        (
                            "Proposer une remise pour ne pas perdre la vente",
                            "La remise immédiate confirme que le prix était gonflé et "
                            "n'assure pas la vente.",
                        ),
                        (
                            "Demander « Trop cher par rapport à quoi ? »",
                            "Oui : on creuse avant tout.",
                        ),
                        (
                            "Justifier le prix par les coûts de fabrication",
                            "Le client achète une valeur, pas vos coûts.",
                        ),
                        (
                            "Proposer tout de suite un produit d'entrée de gamme",
                            "Peut-être plus tard, si le budget l'impose vraiment.",
                        ),
                    ],
                    answer=1,
                    trap=0,
                    objective=2,
                    difficulty=0.15,
                ),
                question(
                    "En quoi consiste la technique du coût global ?",
                    [
                        (
                            "Ramener le prix à la durée d'utilisation ou au coût total de "
                            "possession",
                            "Oui.",
                        ),
                        ("Additionner toutes les remises possibles", "Non."),
                        (
                            "Comparer avec le prix le plus élevé du marché",
                            "Non : c'est une comparaison trompeuse, le client s'en rendra compte.",
                        ),
                        ("Ajouter des options gratuites", "Non : c'est une concession."),
                    ],
                    answer=0,
                    trap=2,
                    objective=2,
                    difficulty=0.1,
                ),
                question(
                    "Vous devez accorder une concession. Que faites-vous ?",
                    [
                        (
                            "Vous l'accordez sans condition pour créer un climat de confiance",
                            "Une concession gratuite en appelle une autre : échangez-la "
                            "toujours contre une contrepartie.",
                        ),
                        (
                            "Vous l'échangez contre une contrepartie (volume, durée, paiement)",
                            "Oui : c'est le donnant-donnant.",
                        ),
                        ("Vous refusez toute concession", "Trop rigide : la vente peut échouer."),
                        (
                            "Vous demandez l'accord de votre responsable devant le client",
                            "Cela peut se faire, mais ne dit rien de la contrepartie.",
                        ),
                    ],
                    answer=1,
                    trap=0,
                    objective=2,
                    difficulty=0.25,
                ),
                question(
                    "Le client compare votre offre à celle d'un concurrent moins cher. Vous…",
                    [
                        ("vérifiez que les deux offres sont vraiment équivalentes", "Oui."),
                        (
                            "soulignez les défauts du concurrent",
                            "Dénigrer un concurrent nuit à votre crédibilité.",
                        ),
                        ("alignez votre prix", "Pas avant d'avoir comparé les offres."),
                        ("abandonnez la vente", "Trop tôt !"),
                    ],
                    answer=0,
                    trap=1,
                    objective=2,
                    difficulty=0.1,
                ),
                question(
                    "Après avoir annoncé votre prix, que faites-vous ?",
                    [
                        ("Vous vous taisez et laissez le client réagir", "Oui."),
                        (
                            "Vous justifiez aussitôt chaque euro",
                            "Se justifier sans y être invité signale un manque d'assurance.",
                        ),
                        (
                            "Vous proposez une remise « au cas où »",
                            "Vous négociez contre vous-même.",
                        ),
                        ("Vous changez de sujet", "Non : le client attend votre assurance."),
                    ],
                    answer=0,
                    trap=1,
                    objective=3,
                    difficulty=0.3,
                ),
            ],
        },
        "unclear": {
            "activity": "Qu'est-ce qui reste flou ?",
            "instructions": "Vos questions et les situations qui vous posent problème.",
            "answers": [
                "Je n'ai pas compris la différence entre coût global et fractionnement.",
                "Comment faire du donnant-donnant quand le client est un grand compte qui "
                "impose ses conditions ?",
                "Que faire si le client a vraiment un budget plus bas que notre prix plancher ?",
                "Se taire après l'annonce du prix, ça me met mal à l'aise : combien de temps ?",
                "Comment vérifier que l'offre du concurrent est équivalente si le client ne "
                "veut pas la montrer ?",
                "Je ne sais pas comment calculer un coût global pour un service et pas un produit.",
                "Peut-on parler de remise si c'est la politique commerciale de l'entreprise ?",
            ],
        },
        "vote": {
            "activity": "Vote : « pas de budget cette année »",
            "instructions": "Votez, comparez avec votre binôme, puis revotez.",
            "question": question(
                "« Votre solution est intéressante, mais nous n'avons pas le budget cette "
                "année. » Que répondez-vous d'abord ?",
                [
                    (
                        "« Je peux vous faire un prix si vous signez aujourd'hui. »",
                        "Vous bradez avant de savoir si le budget est le vrai frein.",
                    ),
                    (
                        "« Je comprends. Quand votre budget est-il décidé, et qui participe à "
                        "la décision ? »",
                        "Oui : vous creusez le processus de décision.",
                    ),
                    (
                        "« C'est dommage, votre concurrent l'a déjà adoptée. »",
                        "La pression met le client sur la défensive.",
                    ),
                    (
                        "« Pas de problème, je vous rappelle l'année prochaine. »",
                        "Vous abandonnez sans avoir compris.",
                    ),
                ],
                answer=1,
                trap=0,
                objective=2,
            ),
        },
        "feedback": {
            "activity": "Votre avis sur la journée",
            "instructions": "Une note de 1 à 5 et ce que vous allez mettre en pratique.",
        },
    },
}

# --------------------------------------------------------------------------------------
# Gestion de projet (blended learning)
# --------------------------------------------------------------------------------------

CADRAGE_ARTICLE = """\
Un projet mal cadré se reconnaît vite : objectifs flous, demandes qui s'ajoutent en cours \
de route, parties prenantes qui découvrent le projet trop tard. Le cadrage répond à trois \
questions : **pourquoi**, **quoi** et **pour qui**.

## Des objectifs SMART

Un bon objectif est **S**pécifique, **M**esurable, **A**tteignable, **R**éaliste et \
**T**emporellement défini. « Améliorer l'accueil client » n'est pas un objectif SMART ; \
« réduire de 48 h à 24 h le délai moyen de réponse aux demandes des clients d'ici le \
30 juin » en est un.

## Le périmètre

Le périmètre dit ce que le projet **fera** et, tout aussi important, ce qu'il **ne fera \
pas**. Écrire noir sur blanc les exclusions évite la « dérive du périmètre » (*scope \
creep*) : ces petites demandes acceptées une à une qui finissent par faire exploser le \
délai et le budget.

## Les parties prenantes

Toute personne ou tout groupe concerné par le projet ou capable de l'influencer : \
commanditaire, utilisateurs, équipe, fournisseurs, services support… On les recense, puis \
on les positionne selon leur **influence** et leur **intérêt** pour décider comment les \
associer : informer, consulter ou impliquer.

## La note de cadrage

Le cadrage se formalise dans une **note de cadrage** validée par le commanditaire : \
contexte, objectifs, périmètre, livrables, jalons, budget, équipe, principaux risques. \
C'est la référence commune en cas de désaccord.
"""

PLANNING_ARTICLE = """\
Un planning ne se construit pas en commençant par les dates, mais par **le travail à \
faire**.

## 1. Découper : l'organigramme des tâches (WBS)

Le *Work Breakdown Structure* décompose le projet en livrables, puis en lots de travail, \
jusqu'à des tâches assez petites pour être estimées et confiées à une personne (quelques \
jours de travail). Règle des 100 % : les éléments d'un niveau couvrent tout le travail du \
niveau supérieur, ni plus ni moins.

## 2. Estimer

Pour chaque tâche, on estime la **charge** (le travail nécessaire, en jours-personne) et on \
en déduit la **durée** (le temps calendaire) selon les personnes disponibles. Une tâche de \
10 jours-personne confiée à deux personnes à plein temps dure environ 5 jours… si elle se \
partage.

## 3. Ordonner : les dépendances

Certaines tâches ne peuvent commencer qu'après la fin d'une autre (dépendance « fin → \
début », la plus courante). On les représente dans un réseau (méthode PERT) ou directement \
dans un **diagramme de Gantt**, où chaque tâche est une barre sur une ligne de temps.

## 4. Le chemin critique

Le **chemin critique** est la suite de tâches dépendantes la plus longue du projet : il \
fixe la durée totale. Une tâche critique n'a **aucune marge** : tout retard sur elle \
retarde la fin du projet. Les autres tâches ont une **marge** : elles peuvent glisser un \
peu sans conséquence sur la date de fin.

## 5. Poser des jalons

Un **jalon** est un point de contrôle de durée nulle (validation d'un livrable, comité de \
pilotage). Il permet de vérifier l'avancement et de prendre des décisions.

> À retenir : pour raccourcir un projet, il faut agir sur les tâches du chemin critique ; \
accélérer une tâche qui a de la marge ne change rien à la date de fin.
"""

RISQUES_ARTICLE = """\
Un **risque** est un événement incertain qui, s'il survient, a un effet sur les objectifs \
du projet (délai, coût, qualité). Un problème, lui, est déjà là : un risque est un problème \
qui n'est pas encore arrivé.

## 1. Identifier

On recense les risques avec l'équipe et les parties prenantes : retours d'expérience des \
projets passés, ateliers, listes de contrôle (techniques, humains, fournisseurs, \
réglementaires…). On formule chaque risque avec sa **cause** et sa **conséquence** : « Le \
fournisseur étant unique, un retard de livraison décalerait la mise en service. »

## 2. Évaluer

Chaque risque est coté selon sa **probabilité** et son **impact**, par exemple de 1 à 4. \
Leur produit donne la **criticité**, que l'on visualise dans une **matrice des risques** : \
en haut à droite, les risques à traiter en priorité.

## 3. Traiter

Quatre stratégies de réponse :

- **Éviter** : modifier le projet pour supprimer le risque (changer de technologie, réduire \
le périmètre) ;
- **Réduire** : diminuer la probabilité ou l'impact (prototype, second fournisseur, \
formation) ;
- **Transférer** : confier tout ou partie de l'impact à un tiers (assurance, clause \
contractuelle) ;
- **Accepter** : ne rien faire de plus, mais prévoir une réserve ou un plan de secours.

## 4. Suivre

Les risques vivent : on tient à jour un **registre des risques** (description, cotation, \
réponse, responsable, échéance) et on le revoit à chaque point d'avancement.
"""

PROJET = {
    "key": "projet",
    "title": "Gestion de projet — parcours blended",
    "description": (
        "Parcours mixte à distance : avant chaque classe virtuelle, un quiz de prérequis, "
        "des capsules et un sondage sur vos difficultés ; pendant la classe, des mises en "
        "situation ciblées ; après, un retour sur la séance."
    ),
    "objectives": [
        "Cadrer un projet : objectifs SMART, périmètre et parties prenantes",
        "Construire un planning : découpage, dépendances et chemin critique",
        "Identifier, évaluer et traiter les risques d'un projet",
        "Piloter l'avancement et communiquer avec les parties prenantes",
    ],
    "cohort": "Chefs de projet — promotion 2026",
    "learners": list(range(1, 26)),
    "feedback_comments": [
        "Les mises en situation étaient proches de ce que je vis au travail.",
        "La classe virtuelle passe vite, le vote a bien relancé l'attention.",
        "Le quiz de prérequis m'a montré que je confondais plusieurs notions.",
        "Un peu trop de contenu pour une heure trente, j'aurais aimé plus d'échanges.",
        "Très bien d'avoir repris nos difficultés du sondage en début de séance.",
        "Problèmes de connexion au début, sinon séance très utile.",
        "Les capsules sont courtes et claires, je les ai lues dans le train.",
    ],
    "past": {
        "title": "Classe virtuelle 1 — Cadrer un projet",
        "days": -4,
        "time": (17, 30),
        "objectives": [0],
        "quiz_first": True,
        "articles": [
            {
                "activity": "Capsule : cadrer un projet",
                "instructions": "Cinq minutes de lecture.",
                "title": "Capsule — Cadrer un projet",
                "minutes": 5,
                "body": CADRAGE_ARTICLE,
            }
        ],
        "quiz": {
            "activity": "Quiz de prérequis",
            "instructions": "Pour savoir d'où vous partez : quatre questions, sans piège.",
            "title": "Prérequis — les bases du projet",
            "questions": [
                question(
                    "Qu'est-ce qui distingue un projet d'une activité courante ?",
                    [
                        ("Il a un objectif précis, un début et une fin", "Oui."),
                        (
                            "Il mobilise plusieurs personnes",
                            "Une activité courante aussi : ce qui définit un projet, c'est "
                            "son caractère unique et limité dans le temps.",
                        ),
                        ("Il coûte cher", "Non : il existe de tout petits projets."),
                        (
                            "Il est piloté par un chef de projet certifié",
                            "Non : la certification n'a rien à voir.",
                        ),
                    ],
                    answer=0,
                    trap=1,
                    objective=0,
                    difficulty=0.0,
                ),
                question(
                    "Lequel de ces objectifs est SMART ?",
                    [
                        ("Améliorer la satisfaction des clients", "Ni mesurable, ni daté."),
                        (
                            "Réduire de 48 h à 24 h le délai de réponse aux clients d'ici le "
                            "30 juin",
                            "Oui : spécifique, mesurable et daté.",
                        ),
                        ("Faire mieux que l'année dernière", "Pas spécifique."),
                        ("Devenir le leader du marché", "Ni mesurable ni daté."),
                    ],
                    answer=1,
                    trap=0,
                    objective=0,
                    difficulty=0.0,
                ),
                question(
                    "Qui valide la note de cadrage ?",
                    [
                        ("Le commanditaire", "Oui : c'est lui qui s'engage."),
                        (
                            "Le chef de projet seul",
                            "Le chef de projet la rédige, mais c'est le commanditaire qui "
                            "s'engage en la validant.",
                        ),
                        ("L'équipe projet", "Elle est consultée, mais ne valide pas."),
                        ("Les utilisateurs finaux", "Ils sont consultés, mais ne valident pas."),
                    ],
                    answer=0,
                    trap=1,
                    objective=0,
                    difficulty=0.25,
                ),
                question(
                    "Qu'appelle-t-on la « dérive du périmètre » ?",
                    [
                        ("L'ajout progressif de demandes non prévues", "Oui."),
                        (
                            "Le retard pris sur un jalon",
                            "Le retard peut en être une conséquence, mais la dérive désigne "
                            "l'élargissement du périmètre.",
                        ),
                        ("Le départ d'un membre de l'équipe", "Non."),
                        ("Une erreur de budget", "Non."),
                    ],
                    answer=0,
                    trap=1,
                    objective=0,
                    difficulty=0.1,
                ),
            ],
        },
        "unclear": {
            "activity": "Sondage : vos difficultés",
            "instructions": "Quelles difficultés rencontrez-vous dans vos projets ? Qu'est-ce "
            "qui reste flou après la capsule ?",
            "answers": [
                "Dans mes projets, les objectifs sont fixés par la direction et ne sont jamais "
                "SMART, je ne sais pas comment les reformuler.",
                "Je ne vois pas la différence entre périmètre et livrables.",
                "Ma difficulté : dire non aux demandes supplémentaires sans me fâcher avec les "
                "métiers.",
                "Comment positionner une partie prenante qui a beaucoup d'influence mais ne "
                "s'intéresse pas au projet ?",
                "Je n'ai jamais fait de note de cadrage : à quoi ressemble-t-elle concrètement ?",
                "Je ne sais pas qui est vraiment le commanditaire dans mon projet actuel.",
                "Je n'ai pas compris la différence entre « atteignable » et « réaliste ».",
                "Nos projets n'ont jamais de date de fin claire, est-ce encore des projets ?",
            ],
        },
        "vote": {
            "activity": "Mise en situation : la demande « rapide »",
            "instructions": "Votez, échangez en sous-groupe, puis revotez.",
            "question": question(
                "En cours de projet, le directeur commercial demande d'ajouter une "
                "fonctionnalité « rapide à faire ». Que faites-vous d'abord ?",
                [
                    (
                        "Vous l'ajoutez : c'est rapide et il est influent",
                        "C'est exactement ainsi que commence la dérive du périmètre.",
                    ),
                    (
                        "Vous évaluez l'impact sur le délai, le coût et les risques, puis "
                        "vous soumettez la demande au commanditaire",
                        "Oui : toute évolution du périmètre passe par une décision.",
                    ),
                    (
                        "Vous refusez : le périmètre est figé",
                        "Trop rigide : un périmètre peut évoluer, mais par décision.",
                    ),
                    (
                        "Vous demandez à l'équipe de la faire en heures supplémentaires",
                        "Le coût est caché, pas supprimé.",
                    ),
                ],
                answer=1,
                trap=0,
                objective=0,
            ),
        },
        "feedback": {
            "activity": "Votre avis sur la classe virtuelle",
            "instructions": "Une note de 1 à 5 et un commentaire si vous le souhaitez.",
        },
    },
    "upcoming": {
        "title": "Classe virtuelle 2 — Planifier et maîtriser les risques",
        "days": 2,
        "time": (17, 30),
        "objectives": [1, 2],
        "quiz_first": True,
        "articles": [
            {
                "activity": "Capsule 1 : construire un planning",
                "instructions": "Environ huit minutes.",
                "title": "Capsule — Construire un planning",
                "minutes": 8,
                "body": PLANNING_ARTICLE,
            },
            {
                "activity": "Capsule 2 : identifier et traiter les risques",
                "instructions": "Environ huit minutes.",
                "title": "Capsule — Identifier et traiter les risques",
                "minutes": 8,
                "body": RISQUES_ARTICLE,
            },
        ],
        "quiz": {
            "activity": "Quiz de prérequis",
            "instructions": "Cinq questions, à faire avant la classe virtuelle.",
            "title": "Prérequis — planning et risques",
            "questions": [
                question(
                    "Le chemin critique, c'est…",
                    [
                        (
                            "la suite de tâches la plus longue, qui fixe la durée du projet",
                            "Oui.",
                        ),
                        (
                            "la liste des tâches les plus difficiles",
                            "La difficulté ne rend pas une tâche critique : c'est sa place "
                            "dans l'enchaînement le plus long qui compte.",
                        ),
                        ("les tâches confiées au chef de projet", "Non."),
                        ("les tâches les plus coûteuses", "Non : le coût n'y est pour rien."),
                    ],
                    answer=0,
                    trap=1,
                    objective=1,
                    difficulty=0.2,
                ),
                question(
                    "Une tâche hors du chemin critique prend deux jours de retard, sans "
                    "dépasser sa marge. La date de fin du projet…",
                    [
                        ("ne change pas", "Oui : la marge absorbe le retard."),
                        (
                            "recule de deux jours",
                            "Seulement si la tâche est critique ou si le retard dépasse sa marge.",
                        ),
                        ("avance de deux jours", "Non."),
                        ("recule d'un jour", "Non."),
                    ],
                    answer=0,
                    trap=1,
                    objective=1,
                    difficulty=0.3,
                ),
                question(
                    "Quelle est la différence entre charge et durée ?",
                    [
                        (
                            "La charge est le travail nécessaire, la durée le temps calendaire",
                            "Oui.",
                        ),
                        (
                            "Ce sont deux mots pour la même chose",
                            "Non : 10 jours-personne à deux personnes durent environ 5 jours.",
                        ),
                        ("La durée se mesure en jours-personne", "Non : c'est la charge."),
                        ("La charge est fixée par le client", "Non."),
                    ],
                    answer=0,
                    trap=1,
                    objective=1,
                    difficulty=0.15,
                ),
                question(
                    "On souscrit une assurance contre un dégât des eaux sur le chantier. "
                    "Quelle stratégie est-ce ?",
                    [
                        ("Éviter", "Non : le risque existe toujours."),
                        (
                            "Réduire",
                            "L'assurance ne diminue ni la probabilité ni le dégât : elle en "
                            "transfère le coût à un tiers.",
                        ),
                        ("Transférer", "Oui."),
                        ("Accepter", "Non : on agit, en transférant le coût."),
                    ],
                    answer=2,
                    trap=1,
                    objective=2,
                    difficulty=0.2,
                ),
                question(
                    "Comment calcule-t-on la criticité d'un risque ?",
                    [
                        ("Probabilité × impact", "Oui."),  # noqa: RUF001
                        ("Coût du traitement ÷ impact", "Non."),
                        ("Nombre de personnes concernées", "Non."),
                        (
                            "Par l'impact seul",
                            "Un impact fort mais très improbable n'est pas forcément prioritaire.",
                        ),
                    ],
                    answer=0,
                    trap=3,
                    objective=2,
                    difficulty=0.0,
                ),
            ],
        },
        "unclear": {
            "activity": "Sondage : vos difficultés",
            "instructions": "Quelles difficultés rencontrez-vous pour planifier et suivre les "
            "risques ? Qu'est-ce qui reste flou après les capsules ?",
            "answers": [
                "Je n'ai pas compris la différence entre charge et durée, surtout quand on est "
                "à temps partiel sur le projet.",
                "Je ne sais pas comment trouver le chemin critique quand il y a beaucoup de "
                "tâches.",
                "Marge libre et marge totale, c'est la même chose ?",
                "Ma difficulté : mes estimations sont toujours trop optimistes, comment faire ?",
                "Je ne vois pas bien la différence entre réduire et transférer un risque.",
                "Comment coter l'impact d'un risque quand on n'a aucun chiffre ?",
                "Un risque qui se produit devient un problème : on le sort du registre ?",
                "Jusqu'où découper le WBS ? À quel niveau s'arrête-t-on ?",
                "Dans mon entreprise, personne ne tient de registre des risques : comment le "
                "faire accepter ?",
            ],
        },
        "vote": {
            "activity": "Mise en situation : le retard critique",
            "instructions": "Votez, échangez en sous-groupe, puis revotez.",
            "question": question(
                "Une tâche du chemin critique prend trois jours de retard. Quelle action "
                "protège la date de fin ?",
                [
                    (
                        "Accélérer une tâche qui a de la marge",
                        "Cela ne change rien : la durée est fixée par le chemin critique.",
                    ),
                    (
                        "Renforcer ou faire se chevaucher des tâches du chemin critique",
                        "Oui : seul le chemin critique fixe la date de fin.",
                    ),
                    (
                        "Décaler le jalon final sans prévenir",
                        "Non : le commanditaire doit décider.",
                    ),
                    (
                        "Attendre la prochaine réunion d'avancement",
                        "Chaque jour perdu sur le chemin critique décale la fin.",
                    ),
                ],
                answer=1,
                trap=0,
                objective=1,
            ),
        },
        "feedback": {
            "activity": "Votre avis sur la classe virtuelle",
            "instructions": "Une note de 1 à 5 et un commentaire si vous le souhaitez.",
        },
    },
}

COURSES: list[dict[str, Any]] = [SCIENCES, DROIT, VENTE, PROJET]

//! Whole report sentences as wires and newspapers write them (French and
//! English): the toll among other counts, subsets, several speakers, number
//! words, vague quantities, revisions. Each is read as expected, or refused
//! with the expected reason: never a wrong number.
//!
//! Sources: the seed texts (`../shared/seeds/`), the calibration quotes
//! (`data/calibration/claims.csv`, quoted whole), the sentences of issue 15,
//! and sentences written the way dispatches write them.

use tollrange::figure::read_figure;
use tollrange::lexicon::Lexicon;

const OPEN: Option<u64> = None;

enum Want {
    /// [low, high], high None = open above.
    Read(u64, Option<u64>),
    /// Refused; the message contains this.
    Refused(&'static str),
}
use Want::*;

/// Refusal because two sources give two figures.
const SOURCES: &str = "one claim per source";

#[rustfmt::skip]
const SENTENCES: &[(&str, Want)] = &[
    // --- several speakers: refused, naming both figures --------------------
    ("40 morts selon l'armée, 100 selon les habitants", Refused(SOURCES)),
    ("The army said 15 were killed while residents put the toll at 60", Refused(SOURCES)),
    ("Le gouvernement parle de 20 morts, l'opposition de 80", Refused(SOURCES)),
    ("entre 30 et 40 morts selon des sources locales, 12 selon l'armée", Refused(SOURCES)),
    ("Officials said 18 people died, while witnesses put the toll at 25", Refused(SOURCES)),
    ("The attack killed 50 people, according to the army, but local sources said more than 100 died", Refused(SOURCES)),
    ("Au moins 15 morts selon l'armée, une trentaine selon des élus locaux", Refused(SOURCES)),
    ("Il y a eu au moins 64 morts, selon un bilan officiel provisoire - le seul qui ait été communiqué par les autorités - et plus d'une centaine, selon de nombreuses sources civiles et sécuritaires locales.", Refused(SOURCES)),
    ("64 morts selon les uns, 100 morts selon les autres", Refused(SOURCES)),
    ("Police put the death toll at 12; hospital sources said 19 bodies had been brought in", Refused(SOURCES)),
    // --- one source: the seed texts -----------------------------------------
    ("Les deux camps avaient évoqué des dizaines de morts, mais aucun bilan fiable et indépendant n'a pu être recoupé", Read(20, Some(99))),
    ("Le bilan de cette journée a été lourd pour les deux parties, avec notamment 10 soldats maliens tués et 46 rebelles neutralisés", Read(56, Some(56))),
    ("Les adversaires ont fait des récits différents des évènements, mais tous deux fait état de dizaines de morts", Read(20, Some(99))),
    ("L'offensive a fait des dizaines de morts", Read(20, Some(99))),
    ("Un deuxième élu local a confirmé l'attaque de deux camps, précisant qu'il y avait des morts mais sans pouvoir en indiquer le nombre", Read(2, OPEN)),
    // --- the calibration quotes, whole ---------------------------------------
    ("des hommes armés ont fait irruption dans le village de Solhan et ont tué 30 personnes, a-t-on appris de sources sécuritaire et locale.", Read(30, Some(30))),
    ("la mission de constat dépêchée sur les lieux a dressé un bilan provisoire de 110 morts et 46 blessés", Read(110, Some(110))),
    ("L'attaque a coûté la vie à au moins 134 personnes et a fait 55 blessés.", Read(134, OPEN)),
    ("faisant au moins 135 morts, dont des femmes et des enfants", Read(135, OPEN)),
    ("le nombre de personnes tuées a été ramené de 95 à 35 (11 adultes et 24 enfants).", Read(35, Some(35))),
    ("faisait état de 25 morts et 6 blessés dans les rangs de l'armée", Read(25, Some(25))),
    ("nous enregistrons 20 décédés dont un civil", Read(20, Some(20))),
    ("le nouveau bilan provisoire est désormais de 32 personnes tuées dont 28 gendarmes et 04 civils", Read(32, Some(32))),
    ("une soixantaine de civils, au moins, ont été tués le 20 avril 2023 à Karma.", Read(48, OPEN)),
    ("indiquant un \"bilan très lourd, plus de 100 morts et près de deux cents blessés", Read(101, OPEN)),
    ("entre 100 et 200 personnes ont été tuées au cours de cette attaque, selon plusieurs sources sécuritaires.", Read(100, Some(200))),
    ("selon plusieurs sources sécuritaires et civiles, l'attaque de Barsalogho a fait plus de 300 blessés et plus de 200 morts", Read(201, OPEN)),
    ("One local resident, Abba Abiso, told AFP: 'At least 25 were killed and many more injured.'", Read(25, OPEN)),
    ("MSF have also confirmed that 52 people were killed in the incident with 120 wounded so far.", Read(52, Some(52))),
    ("A massacre in an anglophone region of Cameroon left 22 villagers dead including 14 children, the UN humanitarian coordination agency OCHA said Sunday.", Read(22, Some(22))),
    ("après le massacre de \"36 personnes, soit 22 hommes et 14 femmes\" à Beni, a déclaré son porte-parole Lambert Mende", Read(36, Some(36))),
    ("Gilbert Kambale, avance de son côté un bilan provisoire de « 50 personnes tuées et 34 maisons brûlées ».", Read(50, Some(50))),
    ("Dans un communiqué publié ce lundi matin, les députés de Beni parlent eux de plus de 90 morts", Read(91, OPEN)),
    ("while survivors and residents of Karma put it at \"more than a hundred\".", Read(101, OPEN)),
    ("Around 90 people were killed when a Nigerian airforce plane circled twice and dropped two bombs", Read(72, Some(108))),
    ("consistent reports from residents and community leaders say as many as 170 people were killed.", Read(1, Some(170))),
    ("Le dernier décompte macabre fait état de 174 civils tués.", Read(174, Some(174))),
    ("Intervenant sur l'ORTM, il dresse un bilan de 35 morts", Read(35, Some(35))),
    // --- the toll among other counts ------------------------------------------
    ("Two attacks killed at least 40 people", Read(40, OPEN)),
    ("Gunmen killed 23 people in two villages on Sunday, officials said", Read(23, Some(23))),
    ("At least 12 people were killed and dozens wounded in three attacks over the weekend", Read(12, OPEN)),
    ("Three days of fighting left 150 dead", Read(150, Some(150))),
    ("Five people were killed and 12 wounded when gunmen attacked a village", Read(5, Some(5))),
    ("At least 30 people were killed and 40 others abducted", Read(30, OPEN)),
    ("11 soldiers were killed and 8 are missing after an ambush", Read(11, Some(11))),
    ("Des hommes armés ont tué 14 civils dans deux villages", Read(14, Some(14))),
    ("Au moins 20 personnes ont été tuées dans trois attaques simultanées", Read(20, OPEN)),
    ("Gunmen killed 7 people and abducted 30 in a raid on two villages", Read(7, Some(7))),
    ("Le bilan de l'attaque est de 12 morts et 7 disparus", Read(12, Some(12))),
    ("Two suicide bombers killed 19 people at a market", Read(19, Some(19))),
    ("Deux kamikazes ont tué 19 personnes sur un marché", Read(19, Some(19))),
    ("Une attaque a fait 12 morts dans trois villages du centre du pays", Read(12, Some(12))),
    ("Les assaillants ont tué 9 personnes et incendié 20 maisons", Read(9, Some(9))),
    ("In the second attack in two days, 15 people were killed", Read(15, Some(15))),
    ("Trois jours de combats ont fait plus de 100 morts", Read(101, OPEN)),
    ("Nearly 200 people have been killed in two weeks of fighting", Read(160, Some(200))),
    ("The army said it killed 40 militants", Read(40, Some(40))),
    // --- subsets: "dont", "including" ------------------------------------------
    ("Le bilan s'est alourdi à 45 morts, dont 12 soldats, et 30 blessés", Read(45, Some(45))),
    ("dozens killed, including 5 children", Read(24, Some(99))),
    ("at least 60 dead, including 20 women and 15 children", Read(60, OPEN)),
    ("Le bilan s'élève à 23 morts, dont 4 enfants, et 15 blessés, selon les autorités", Read(23, Some(23))),
    // --- several parts, unknown parts -------------------------------------------
    ("10 soldats maliens tués et 46 rebelles neutralisés", Read(56, Some(56))),
    ("Five soldiers and 12 civilians were killed", Read(17, Some(17))),
    ("three soldiers and an unknown number of civilians were killed", Read(3, OPEN)),
    ("2 soldats tués et un nombre indéterminé d'assaillants", Read(2, OPEN)),
    ("Quatre soldats et un nombre indéterminé de civils ont été tués", Read(4, OPEN)),
    // --- a lower bound closed by "possibly as many as", "voire", "jusqu'à" -------
    ("at least 100 people, possibly as many as 200", Read(100, Some(200))),
    ("au moins 50 morts, voire 70", Read(50, Some(70))),
    ("au moins 30 morts, et jusqu'à 60", Read(30, Some(60))),
    ("at least 12 and possibly up to 20 people were killed", Read(12, Some(20))),
    // --- number words and vague quantities ---------------------------------------
    ("scores of villagers were killed", Read(40, Some(199))),
    ("scores dead", Read(40, Some(199))),
    ("a handful of soldiers were killed", Read(2, Some(5))),
    ("une poignée de soldats ont été tués", Read(2, Some(5))),
    ("une quarantaine de civils ont été tués", Read(32, Some(48))),
    ("une vingtaine de morts", Read(16, Some(24))),
    ("plusieurs centaines de morts selon l'ONU", Read(240, Some(999))),
    ("Hundreds of people were killed over three days", Read(200, Some(999))),
    ("Twenty-two people were killed", Read(22, Some(22))),
    ("dix-sept soldats ont été tués", Read(17, Some(17))),
    ("Dozens of people were killed", Read(24, Some(99))),
    ("a dozen people were killed", Read(10, Some(14))),
    ("some 150 civilians were killed", Read(120, Some(180))),
    ("quatre-vingt-dix morts selon la Croix-Rouge", Read(90, Some(90))),
    ("jusqu'à 300 morts selon des témoins", Read(1, Some(300))),
    // --- revisions: the later figure ----------------------------------------------
    ("Le bilan s'alourdit à 45 morts", Read(45, Some(45))),
    ("the death toll rose to 71 from 40", Read(71, Some(71))),
    ("The death toll from Sunday's attack has risen to 71, up from 40 on Saturday", Read(71, Some(71))),
    ("Le bilan est passé de 40 à 57 morts", Read(57, Some(57))),
    ("the toll climbed to 80, officials said", Read(80, Some(80))),
    // --- single figures with their source --------------------------------------------
    ("Au moins 64 morts selon le gouvernement", Read(64, OPEN)),
    ("plus d'une centaine de morts selon des sources locales", Read(101, OPEN)),
    ("Le bilan provisoire fait état de 17 morts, selon une source sécuritaire", Read(17, Some(17))),
    ("Officials said at least 23 people were killed", Read(23, OPEN)),
    // --- more dispatches ---------------------------------------------------------
    ("At least 25 people were killed and 30 others injured when gunmen stormed a church in Owo, local officials said.", Read(25, OPEN)),
    ("Au moins 15 civils ont été tués et une dizaine blessés lors d'une attaque contre un marché", Read(15, OPEN)),
    ("L'attaque a fait 30 morts, selon un bilan officiel, et 50 selon des sources locales.", Refused(SOURCES)),
    ("Gunmen killed 12 people and kidnapped dozens more", Read(12, Some(12))),
    ("Le bilan est lourd : 22 morts, dont 6 enfants, selon la protection civile", Read(22, Some(22))),
    ("Un attentat-suicide a fait au moins 18 morts", Read(18, OPEN)),
    ("The toll has risen to 34, with 60 wounded", Read(34, Some(34))),
    ("Les combats ont fait une centaine de morts en une semaine", Read(80, Some(120))),
    ("More than 40 soldiers were killed in four separate attacks this week", Read(41, OPEN)),
    ("Quelque 200 personnes auraient péri dans le naufrage", Read(160, Some(240))),
    ("Two soldiers and three civilians died", Read(5, Some(5))),
    ("L'armée affirme avoir neutralisé 40 terroristes", Read(40, Some(40))),
    ("Hundreds are feared dead", Read(200, Some(999))),
    ("Le bilan pourrait dépasser les 100 morts", Read(101, OPEN)),
    ("Between 50 and 60 people were killed, according to witnesses", Read(50, Some(60))),
    ("Selon l'ONU, au moins 30 civils ont été tués ; le gouvernement parle de 12 morts.", Refused(SOURCES)),
    ("Eleven people, including four children, were killed", Read(11, Some(11))),
    ("The attack left at least 50 people dead and more than 100 injured", Read(50, OPEN)),
    ("Des dizaines de personnes ont été tuées et des centaines d'autres blessées", Read(20, Some(99))),
    ("Le nombre de morts s'élève désormais à 87", Read(87, Some(87))),
    ("killing 16 people and wounding 20", Read(16, Some(16))),
    ("Unidentified gunmen killed four people, police said, while the local mayor said six had died", Refused(SOURCES)),
    ("Some 150 people are missing and at least 20 confirmed dead", Read(20, OPEN)),
    ("un mort et trois blessés", Read(1, Some(1))),
    ("Le gouvernement a fait état de 40 morts. L'opposition, elle, avance le chiffre de 120.", Refused(SOURCES)),
    ("A suicide bomber killed at least 25 people at a mosque on Friday", Read(25, OPEN)),
    ("Fighting in the region has killed about 2,000 people since January", Read(1600, Some(2400))),
    ("le bilan s'établit à 130 morts, contre 100 annoncés hier", Read(130, Some(130))),
    ("Entre 20 et 25 soldats ont été tués, selon une source militaire, 40 selon les jihadistes", Refused(SOURCES)),
    ("Police said 3 people died. Residents said 10.", Refused(SOURCES)),
    ("Seven people were killed on Monday and five more on Tuesday", Refused("figures")),
    ("Nine members of the same family were among those killed", Read(9, OPEN)),
    ("Le bilan, qui était de 20 morts hier, est passé à 35", Read(35, Some(35))),
    ("Au moins 37 personnes ont été tuées et des dizaines d'autres blessées dans l'explosion d'un camion-citerne", Read(37, OPEN)),
    ("Le bilan de l'attaque de dimanche s'élève désormais à 51 morts, a annoncé le ministère de la Sécurité", Read(51, Some(51))),
    ("Des hommes armés ont attaqué trois villages, tuant 42 personnes, selon des élus locaux", Read(42, Some(42))),
    ("L'armée a affirmé avoir tué 32 terroristes, tandis que des sources locales évoquent une vingtaine de civils tués", Refused(SOURCES)),
    ("Le gouvernement a annoncé 12 morts, mais selon des habitants le bilan dépasse 30", Refused(SOURCES)),
    ("The UN said 31 civilians were killed, but a local official put the figure at 47", Refused(SOURCES)),
    ("Militants killed 14 soldiers and wounded 9 in an ambush, the army said", Read(14, Some(14))),
    ("The death toll from the floods and landslides has climbed to 43", Read(43, Some(43))),
    ("Police said four people had been killed; hospital officials said the toll was at least seven", Refused(SOURCES)),
    ("Over 100 people are believed to have died", Read(101, OPEN)),
    ("Deux soldats ont été tués et trois autres blessés", Read(2, Some(2))),
    ("Une dizaine de personnes ont été tuées lors de l'attaque de deux bus", Read(8, Some(12))),
    ("Les jihadistes ont tué une cinquantaine de villageois et enlevé une vingtaine de femmes", Read(40, Some(60))),
    ("Scores of people were killed and hundreds more injured", Read(40, Some(199))),
    ("Dozens dead as gunmen storm village", Read(24, Some(99))),
    ("Three attacks in two days have left 60 people dead", Read(60, Some(60))),
    ("At least 70 people, most of them women and children, were killed", Read(70, OPEN)),
    ("Eight people died and dozens were injured in the stampede", Read(8, Some(8))),
    ("The army said 25 militants were killed, while the group claimed it killed 40 soldiers", Refused(SOURCES)),
    ("Un millier de personnes ont été tuées depuis janvier", Read(800, Some(1200))),
    ("The death toll rose to 15, with dozens more missing", Read(15, Some(15))),
    ("Twelve people, among them three children, were killed", Read(12, Some(12))),
    ("Plus de 50 personnes ont perdu la vie", Read(51, OPEN)),
    ("Des dizaines de civils auraient péri, voire une centaine", Read(20, Some(120))),
    ("Le bilan s'est alourdi à 63 morts contre 41 la veille", Read(63, Some(63))),
    ("L'attaque de la nuit du 3 au 4 mars a fait 20 morts", Read(20, Some(20))),
    ("A 12-year-old girl was among 5 people killed", Read(5, Some(5))),
];

#[test]
fn every_refusal_says_what_to_do() {
    let lex = Lexicon::default();
    for (text, want) in SENTENCES {
        if let (Refused(_), Err(e)) = (want, read_figure(text, &lex)) {
            let shown = e.to_string();
            assert!(
                shown.contains("one claim per source") || shown.contains("one figure per claim"),
                "{shown}"
            );
            assert!(shown.ends_with("give low/high"), "{shown}");
        }
    }
}

#[test]
fn report_sentences_are_read_or_refused_as_expected() {
    let lex = Lexicon::default();
    let mut failures = Vec::new();
    for (text, want) in SENTENCES {
        match (read_figure(text, &lex), want) {
            (Ok(r), Read(low, high)) if (r.low, r.high) == (*low, *high) => {}
            (Err(e), Refused(why)) if e.message.contains(why) => {}
            (Ok(r), _) => failures.push(format!(
                "{text:?}: read [{}, {:?}] ({})",
                r.low, r.high, r.how
            )),
            (Err(e), _) => failures.push(format!("{text:?}: refused: {}", e.message)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} sentences not as expected:\n{}",
        failures.len(),
        SENTENCES.len(),
        failures.join("\n")
    );
}

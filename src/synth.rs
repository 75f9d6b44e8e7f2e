//! A synthetic directory generator: realistic-looking content folders of any size, for
//! benchmarks and scale tests. Deterministic for a given seed, so runs are comparable.
//! Uses the sample borough's needs taxonomy so need pages and search behave as in real use.

use crate::content::model::{ACCESS_ROUTES, Day};
use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// A small, fast, deterministic PRNG (xorshift64*): benchmarks need repeatable content,
/// not cryptographic randomness.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545F4914F6CDD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const PLACES: &[&str] = &[
    "Ashford",
    "Brookfield",
    "Castleton",
    "Dunmore",
    "Elmswood",
    "Fairhaven",
    "Greystone",
    "Hawthorn",
    "Ivybridge",
    "Juniper",
    "Kingsmead",
    "Larkhill",
    "Millbrook",
    "Northgate",
    "Oakley",
    "Pinewood",
    "Queensway",
    "Riverside",
    "Stonebridge",
    "Thornbury",
    "Upton",
    "Valley Road",
    "Westfield",
    "Yew Tree",
    "Alder Park",
    "Beacon Hill",
    "Cherry Tree",
    "Dovecote",
    "Eastwood",
    "Foxglove",
];
const VENUE_KINDS: &[&str] = &[
    "Community Centre",
    "Library",
    "Primary School",
    "Church Hall",
    "Leisure Centre",
    "Health Centre",
    "Youth Centre",
    "Village Hall",
];
const ORG_WORDS: &[&str] = &[
    "Families",
    "Parents",
    "Together",
    "Community",
    "Support",
    "Young People's",
    "Carers",
    "Wellbeing",
    "Play",
    "Advice",
];
const ORG_KINDS: &[&str] = &[
    "Trust",
    "Network",
    "Project",
    "Association",
    "Group",
    "Partnership",
    "Collective",
    "Foundation",
];
const ACTIVITIES: &[(&str, &str)] = &[
    ("Stay and Play", "baby-and-toddler-groups"),
    ("Baby Massage", "infant-crying-and-sleep"),
    ("Rhyme Time", "early-language-and-learning"),
    ("Breastfeeding Drop-in", "infant-feeding"),
    ("Health Visitor Clinic", "health-visiting"),
    ("Bumps and Babies", "pregnancy-and-birth"),
    ("Parenting Course", "parenting-support"),
    ("Money Advice Drop-in", "money-and-debt"),
    ("Food Pantry", "food-and-essentials"),
    ("Youth Club", "youth-activities"),
    ("Holiday Club", "holiday-activities"),
    ("SEND Parent Group", "send-advice-and-support"),
    ("Autism Family Support", "autism-and-adhd"),
    (
        "Speech and Language Drop-in",
        "speech-language-communication",
    ),
    ("Young Carers Club", "young-carers"),
    ("Dads Group", "dads-and-male-carers"),
    ("Wellbeing Café", "parent-mental-health"),
    (
        "Counselling for Young People",
        "childrens-emotional-wellbeing",
    ),
    ("ESOL Class", "english-language-esol"),
    ("Job Club", "employment-support"),
    ("Community Transport", "community-transport"),
    ("Bereavement Group", "bereavement"),
    ("Short Breaks Club", "short-breaks-and-respite"),
    ("Mediation Service", "separated-parents"),
    ("Domestic Abuse Support", "domestic-abuse"),
];
const SENTENCES: &[&str] = &[
    "Sessions are relaxed and friendly, and you can come along with your child whenever suits you.",
    "Our trained staff and volunteers are there to listen and help you find the right support.",
    "You can talk to us about anything that is worrying you, from sleep to money to starting school.",
    "We can also tell you about other help in your area and introduce you to the right people.",
    "Tea, coffee and healthy snacks are free, and there is space for buggies.",
    "Many families come back week after week and make friends with other local parents.",
    "If English is not your first language, we can arrange an interpreter for you.",
    "Everything you tell us is confidential unless we are worried someone is at risk of harm.",
    "You do not need to be referred by anyone, and there is no waiting list at the moment.",
    "We work closely with family hubs, health visitors and schools across the area.",
];
const LANGS: &[&str] = &["pl", "ur", "pa", "bn", "ar", "ro", "so", "cy"];
const INWARD: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

/// Sizes derived from the number of services, roughly as a real county directory grows.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub services: usize,
    pub localities: usize,
    pub hubs: usize,
    pub venues: usize,
    pub organisations: usize,
}

impl Shape {
    pub fn for_services(services: usize) -> Shape {
        let hubs = (services / 400).clamp(3, 300);
        Shape {
            services,
            localities: (hubs / 3).max(1),
            hubs,
            venues: (services / 20).max(hubs),
            organisations: (services / 10).max(3),
        }
    }
}

fn write(root: &Path, rel: &str, text: &str) -> io::Result<()> {
    let p = root.join(rel);
    if let Some(d) = p.parent() {
        std::fs::create_dir_all(d)?;
    }
    std::fs::write(p, text)
}

fn phone(rng: &mut Rng) -> String {
    format!("01632 960{:03}", rng.below(1000))
}

/// Writes a complete content folder with `services` listings into `root` (which should
/// be empty). Every file passes `signpost check` (a test holds this).
pub fn generate(root: &Path, services: usize, seed: u64) -> io::Result<Shape> {
    let shape = Shape::for_services(services);
    let mut rng = Rng(seed.wrapping_mul(0x9E3779B97F4A7C15) | 1);
    write(
        root,
        "site.yaml",
        "name: Synthetic Family Directory\narea: Synthshire\ncouncil: Synthshire County Council\nbase_url: https://synthetic.example\nreview_months: 12\ncontact:\n  email: fis@synthetic.example\nemergency:\n  - name: Police, fire or ambulance\n    phone: \"999\"\n    description: If a child is in immediate danger.\n",
    )?;
    let needs = crate::content::load::SAMPLE
        .get_file("needs.yaml")
        .and_then(|f| f.contents_utf8())
        .unwrap_or("categories: []\n");
    write(root, "needs.yaml", needs)?;

    for l in 0..shape.localities {
        let name = format!(
            "{} District {}",
            PLACES[l % PLACES.len()],
            l / PLACES.len() + 1
        );
        write(
            root,
            &format!("localities/locality-{l}.md"),
            &format!(
                "---\nname: {name}\nsummary: Towns and villages around {}.\nprofile:\n  - label: Children aged 0 to 4\n    value: {}\n---\nFamilies in {name} are served by {} family hubs.\n",
                PLACES[l % PLACES.len()],
                2000 + rng.below(3000),
                shape.hubs / shape.localities
            ),
        )?;
    }
    // Venue v is in hub v % hubs; hub h is in locality h % localities. The first `hubs`
    // venues are the hub buildings. Each postcode district's centre is the mean of its
    // venues, for postcodes.yaml.
    let mut districts: std::collections::BTreeMap<usize, (f64, f64, usize)> =
        std::collections::BTreeMap::new();
    for v in 0..shape.venues {
        let hub = v % shape.hubs;
        let loc = hub % shape.localities;
        let place = PLACES[(v / 7) % PLACES.len()];
        let name = if v < shape.hubs {
            format!("{place} Family Hub {}", v + 1)
        } else {
            // No serial numbers in names: real directories have none, and each would be
            // a word of the search vocabulary used only once.
            format!("{place} {}", VENUE_KINDS[v % VENUE_KINDS.len()])
        };
        let district = loc % 99 + 1;
        let postcode = format!(
            "SY{} {}{}{}",
            district,
            rng.below(10),
            INWARD[rng.below(INWARD.len())] as char,
            INWARD[rng.below(INWARD.len())] as char
        );
        let street = 1 + rng.below(200);
        let lat = 52.0 + rng.below(10_000) as f64 / 10_000.0;
        let lon = -1.5 + rng.below(10_000) as f64 / 10_000.0;
        // As written (four decimals), so the centre is the mean of what the files say.
        let e = districts.entry(district).or_insert((0.0, 0.0, 0));
        e.0 += (lat * 10_000.0).round() / 10_000.0;
        e.1 += (lon * 10_000.0).round() / 10_000.0;
        e.2 += 1;
        write(
            root,
            &format!("venues/venue-{v}.md"),
            &format!(
                "---\nname: {name}\naddress:\n  line1: {} {place} Road\n  town: Synthtown\npostcode: {postcode}\nlatitude: {:.4}\nlongitude: {:.4}\nlocality: locality-{loc}\nhub: hub-{hub}\naccessibility: [step-free-access{}]\n---\nThe entrance is on {place} Road, near the bus stop.\n",
                street,
                lat,
                lon,
                if rng.chance(50) {
                    ", baby-changing"
                } else {
                    ""
                }
            ),
        )?;
    }
    let mut postcodes = String::from("postcodes:\n");
    for (d, (lat, lon, n)) in &districts {
        let _ = writeln!(
            postcodes,
            "  - {{code: SY{d}, latitude: {:.4}, longitude: {:.4}}}",
            lat / *n as f64,
            lon / *n as f64
        );
    }
    write(root, "postcodes.yaml", &postcodes)?;
    for h in 0..shape.hubs {
        write(
            root,
            &format!("hubs/hub-{h}.md"),
            &format!(
                "---\nname: {} Family Hub {}\nlocality: locality-{}\nvenue: venue-{h}\nsummary: A family hub for families with children and young people.\nopening_hours:\n  - days: [monday, tuesday, wednesday, thursday, friday]\n    opens: \"09:00\"\n    closes: \"17:00\"\ncontact:\n  phone: {}\n---\nVisit the hub for play sessions, health clinics and advice.\n",
                PLACES[(h / 7) % PLACES.len()],
                h + 1,
                h % shape.localities,
                phone(&mut rng)
            ),
        )?;
    }
    const ORG_TYPES: &[&str] = &[
        "vcs", "vcs", "vcs", "council", "nhs", "school", "faith", "private",
    ];
    for o in 0..shape.organisations {
        let name = format!(
            "{} {} {}",
            PLACES[o % PLACES.len()],
            rng.pick(ORG_WORDS),
            rng.pick(ORG_KINDS),
        );
        write(
            root,
            &format!("organisations/org-{o}.md"),
            &format!(
                "---\nname: {name}\ntype: {}\nsummary: Support and activities for local families.\ncontact:\n  email: hello{o}@org.example\n  website: https://org{o}.example\n---\n{name} has worked with families in Synthshire for many years.\n",
                ORG_TYPES[o % ORG_TYPES.len()]
            ),
        )?;
    }
    for s in 0..services {
        let (activity, need) = ACTIVITIES[rng.below(ACTIVITIES.len())];
        let venue = rng.below(shape.venues);
        let second_need = ACTIVITIES[rng.below(ACTIVITIES.len())].1;
        let mut text = String::with_capacity(1600);
        let _ = write!(
            text,
            "---\nname: {activity} at {}\norganisation: org-{}\nsummary: {activity} for families, run by local staff and volunteers.\nneeds: [{need}{}]\n",
            PLACES[venue % PLACES.len()],
            rng.below(shape.organisations),
            if second_need != need {
                format!(", {second_need}")
            } else {
                String::new()
            }
        );
        let (from, to) = [
            ("pregnancy", "2"),
            ("0", "5"),
            ("5", "11"),
            ("11", "19"),
            ("0", "19"),
            ("16", "25"),
        ][rng.below(6)];
        let _ = writeln!(text, "ages:\n  from: {from}\n  to: {to}");
        let level = [1, 1, 1, 2, 2, 3][rng.below(6)];
        let access = if level == 3 {
            "professional-referral"
        } else {
            ACCESS_ROUTES[rng.below(ACCESS_ROUTES.len())]
        };
        let _ = writeln!(
            text,
            "level: {level}\naccess: [{access}]\nhow_to_access: Contact us to find out more, or just come along."
        );
        if rng.chance(80) {
            text.push_str("cost: free\n");
        } else {
            let _ = writeln!(
                text,
                "cost:\n  amount: {}.50\n  per: session",
                1 + rng.below(6)
            );
        }
        if rng.chance(10) {
            text.push_str("where:\n  online: true\n  covers: borough\n");
        } else {
            let _ = writeln!(
                text,
                "where:\n  venues: [venue-{venue}]\n  home_visits: {}",
                rng.chance(10)
            );
            let start = 9 + rng.below(8);
            // Monday to Saturday.
            let day = Day::NAMES[rng.below(6)];
            let _ = write!(
                text,
                "schedule:\n  - days: [{day}]\n    starts: \"{start:02}:00\"\n    ends: \"{start:02}:45\"\n    frequency: weekly\n    term_time_only: {}\n",
                rng.chance(30)
            );
        }
        let _ = writeln!(text, "contact:\n  phone: {}", phone(&mut rng));
        if rng.chance(15) {
            let _ = writeln!(text, "languages: [en, {}]", rng.pick(LANGS));
        }
        // Review dates over the 16 months before 2026-11-20: about a quarter are past a
        // 12-month review period.
        let reviewed = jiff::civil::date(2026, 11, 20)
            .checked_sub(jiff::Span::new().days(rng.below(480) as i64))
            .unwrap_or(jiff::civil::date(2026, 1, 1));
        let _ = writeln!(text, "reviewed: {reviewed}");
        text.push_str("---\n");
        for _ in 0..3 {
            let _ = write!(text, "{} ", rng.pick(SENTENCES));
        }
        text.push_str("\n\n");
        for _ in 0..2 {
            let _ = write!(text, "{} ", rng.pick(SENTENCES));
        }
        text.push('\n');
        write(root, &format!("services/service-{s}.md"), &text)?;
    }
    Ok(shape)
}

//! Engine benchmarks (`cargo bench`): rule loading, `Draft::new`, each check
//! kind alone, the whole rule set, and batch mode.
//!
//! Two corpora:
//! - `generated`: a few hundred replies made here from fixed templates with a
//!   fixed-seed generator, so every machine and every commit measures the
//!   same bytes. Clean support prose with rule triggers mixed in, some
//!   greetings with names, quoted email tails, signatures and non-ASCII text.
//! - `twcs`: the `text` (and `customer_message`) fields of
//!   `../shared/corpus/twcs/replies.jsonl`, read at run time and never copied
//!   into the repository. Skipped when the file is absent (a fresh machine).
//!   `REPLYLINT_BENCH_CORPUS=path.jsonl` points it elsewhere.
//!
//! Throughput counters are in bytes of reply text. `batch::run` parallelises
//! with rayon inside one call, so its numbers depend on the core count.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::PathBuf;
use std::sync::OnceLock;

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use replylint::{Context, Draft, Linter, Mode, RuleSet, Selection};

fn main() {
    report_corpora();
    divan::main();
}

// ---------------------------------------------------------------- corpora

/// One reply with what is known about its conversation.
struct Reply {
    text: String,
    customer_name: Option<String>,
    customer_message: Option<String>,
}

struct Corpus {
    replies: Vec<Reply>,
    contexts: Vec<Context>,
    bytes: usize,
    /// The corpus as batch input: one `{"id","text",...}` line per reply.
    jsonl: String,
}

impl Corpus {
    fn new(replies: Vec<Reply>) -> Corpus {
        let contexts = replies
            .iter()
            .map(|r| {
                Context::new(
                    r.customer_name.as_deref(),
                    r.customer_message.clone(),
                    Mode::Draft,
                )
            })
            .collect();
        let bytes = replies.iter().map(|r| r.text.len()).sum();
        let mut jsonl = String::new();
        for (i, r) in replies.iter().enumerate() {
            let mut rec = serde_json::json!({"id": i, "text": r.text});
            if let Some(n) = &r.customer_name {
                rec["customer_name"] = n.as_str().into();
            }
            if let Some(m) = &r.customer_message {
                rec["customer_message"] = m.as_str().into();
            }
            jsonl.push_str(&rec.to_string());
            jsonl.push('\n');
        }
        Corpus {
            replies,
            contexts,
            bytes,
            jsonl,
        }
    }

    fn drafts(&self) -> Vec<Draft<'_>> {
        self.replies.iter().map(|r| Draft::new(&r.text)).collect()
    }
}

const GENERATED: &str = "generated";
const TWCS: &str = "twcs";

fn corpora() -> &'static BTreeMap<&'static str, Corpus> {
    static CORPORA: OnceLock<BTreeMap<&'static str, Corpus>> = OnceLock::new();
    CORPORA.get_or_init(|| {
        let mut map = BTreeMap::new();
        map.insert(GENERATED, Corpus::new(generate(400)));
        if let Some(replies) = read_twcs() {
            map.insert(TWCS, Corpus::new(replies));
        }
        map
    })
}

fn corpus(name: &str) -> &'static Corpus {
    &corpora()[name]
}

/// The corpus names the benchmarks run over (`twcs` only when present).
fn corpus_names() -> Vec<&'static str> {
    corpora().keys().copied().collect()
}

fn twcs_path() -> PathBuf {
    match std::env::var_os("REPLYLINT_BENCH_CORPUS") {
        Some(p) => PathBuf::from(p),
        None => {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/twcs/replies.jsonl")
        }
    }
}

fn read_twcs() -> Option<Vec<Reply>> {
    let raw = std::fs::read_to_string(twcs_path()).ok()?;
    let replies: Vec<Reply> = raw
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            Some(Reply {
                text: v.get("text")?.as_str()?.to_owned(),
                customer_name: v
                    .get("customer_name")
                    .and_then(|n| n.as_str())
                    .map(str::to_owned),
                customer_message: v
                    .get("customer_message")
                    .and_then(|m| m.as_str())
                    .map(str::to_owned),
            })
        })
        .collect();
    (!replies.is_empty()).then_some(replies)
}

#[allow(clippy::print_stderr)]
fn report_corpora() {
    for (name, c) in corpora() {
        eprintln!(
            "corpus {name}: {} replies, {} bytes ({:.0} KB)",
            c.replies.len(),
            c.bytes,
            c.bytes as f64 / 1024.0
        );
    }
    if !corpora().contains_key(TWCS) {
        eprintln!("corpus twcs: skipped ({} not found)", twcs_path().display());
    }
}

/// A fixed-seed xorshift generator: the same corpus on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    /// True with probability `pct` percent.
    fn chance(&mut self, pct: usize) -> bool {
        self.below(100) < pct
    }
}

const NAMES: &[&str] = &[
    "Dana Whitfield",
    "Priya",
    "José Álvarez",
    "Zoë Martin",
    "Sam O'Neill",
    "Chen Wei",
    "Aoife",
    "Mr. Tomasz Nowak",
];

const GREETINGS: &[&str] = &[
    "Hi {first},",
    "Hello {first},",
    "Dear {first},",
    "Hey {first}!",
];
const ANON_GREETINGS: &[&str] = &["Hi there,", "Hello,", "Good morning,", "Hi!"];

/// Sentences that should not fire any rule.
const CLEAN: &[&str] = &[
    "Thanks for getting in touch about order #{n}.",
    "I've checked your account and the replacement left our warehouse on {day}.",
    "You should see the refund on your statement within {k} business days.",
    "If the tracking page still shows no movement by {day}, reply here and I'll call the courier myself.",
    "The new firmware (version 4.{k}) fixes the pairing problem you described.",
    "I've added a note to your account so nobody asks you for the receipt again.",
    "Your subscription renews on the {k}th of next month at the same price.",
    "I can see two devices registered to your account; the older one is a Pixel from {year}.",
    "Here is the link to reset your password: https://example.com/reset?token={n}.",
    "The parcel is with the courier and the tracking number is ZX{n}GB.",
    "We've upgraded your delivery to next-day at no cost, so it should arrive by {day}.",
    "Our store on Market Street is open until 8pm on weekdays if you'd rather swap it in person.",
    "The discount code SPRING{k} takes 15% off everything in your basket, sale items included.",
    "I've emailed the invoice to the address on file; it's also under Orders → Invoices.",
    "The café voucher is valid for twelve months from today and works in every branch.",
    "Your booking for {k} guests on {day} is confirmed, and the table is by the window.",
    "To switch plans, open Settings, choose Billing and pick the plan you want; the change is immediate.",
    "I've refunded the delivery fee of €{k}.50 as well, since the parcel was late.",
    "The replacement charger ships with a UK plug, as you asked.",
    "You don't need to do anything else: the credit is already applied to your next bill.",
    "I'll check on the warehouse at 3pm today and email you what they say by 5pm.",
    "Thank you for the photos, they show exactly where the seam came apart.",
    "Your loyalty points ({n} of them) carried over to the new account.",
    "I understand how annoying it is to wait in for a delivery that doesn't come 😞.",
    "The engineer's visit is booked for {day} between 8am and noon.",
];

/// Sentences that fire rules (flat-no, vague-promise, defensive language,
/// non-apology, jargon, pass-off, overpromise, condescending, shouting,
/// unexplained requests, dead ends, mistakes without apology or remedy,
/// placeholders).
const TRIGGERS: &[&str] = &[
    "Unfortunately we can't refund this order because it was opened.",
    "We'll get back to you soon.",
    "I'll look into it and let you know.",
    "As I already explained, the system did it automatically.",
    "It's not our fault the courier lost it.",
    "Per my last email, we need the receipt.",
    "I'm sorry if you feel we let you down.",
    "We apologize for any inconvenience this may have caused.",
    "Your case is in the tier 2 support queue.",
    "Please clear the cache and try again.",
    "That's not my department, sorry.",
    "You'll need to contact the seller about a refund.",
    "I promise this will never happen again.",
    "I guarantee your parcel arrives tomorrow.",
    "Obviously the discount doesn't apply to sale items.",
    "It's really easy, just read the manual.",
    "Please do NOT restart the router.",
    "You NEVER need to pay for this update.",
    "Please DM us your full name and home address.",
    "Can you send me your order number?",
    "Honestly, I don't know when it will be back in stock.",
    "We charged you twice for the same order.",
    "That was our error: the address on the label was wrong.",
    "We are unable to extend your trial.",
    "Our engineers are aware and we're working on a fix.",
    "Please reach out to the store directly.",
    "Hi [NAME], your order has shipped.",
    "Your refund of {{refund_amount}} is on its way.",
];

const CLOSINGS: &[&str] = &[
    "Best regards,\nSam\nCustomer Care",
    "Thanks,\nPriya",
    "Kind regards,\nThe Acme Support Team",
    "-- \nAcme Support | help@example.com | +44 20 7946 0000",
    "^JK",
    "Cheers,\nLéa (she/her)",
];

const MESSAGES: &[&str] = &[
    "Where is my refund? I was told it would be here last week.\nThanks, {first}",
    "This is the third time I've asked. Still no refund!!",
    "Your app is ridiculous, it crashed again and I lost my notes.",
    "Hi, could you tell me when the blue one is back in stock?\nRegards,\n{first}",
    "My name is {first} and I was charged twice for order {n}.",
];

const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

fn fill(template: &str, rng: &mut Rng, first: &str) -> String {
    template
        .replace("{first}", first)
        .replace("{n}", &(10_000 + rng.below(90_000)).to_string())
        .replace("{k}", &(2 + rng.below(27)).to_string())
        .replace("{day}", rng.pick(DAYS))
        .replace("{year}", &(2019 + rng.below(6)).to_string())
}

/// `count` replies of about 1 KB each (a few hundred bytes to a few KB).
fn generate(count: usize) -> Vec<Reply> {
    let mut rng = Rng(0x5eed_2024_c0ff_ee11);
    let mut replies = Vec::with_capacity(count);
    for _ in 0..count {
        let name = rng.chance(60).then(|| rng.pick(NAMES));
        let first = name
            .map(|n| {
                n.split_whitespace()
                    .find(|w| !w.ends_with('.'))
                    .unwrap_or(n)
            })
            .unwrap_or("there");
        let mut text = String::new();
        // Greeting: by name, anonymous, or (rarely) a wrong name.
        match (name, rng.below(10)) {
            (_, 0) => {}
            (Some(_), 1) => text.push_str("Hi Alex,"),
            (Some(_), _) => text.push_str(&fill(rng.pick(GREETINGS), &mut rng, first)),
            (None, _) => text.push_str(rng.pick(ANON_GREETINGS)),
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let paragraphs = 1 + rng.below(4);
        for p in 0..paragraphs {
            if p > 0 {
                text.push_str("\n\n");
            }
            let sentences = 2 + rng.below(4);
            for s in 0..sentences {
                if s > 0 {
                    text.push(' ');
                }
                let pool = if rng.chance(22) { TRIGGERS } else { CLEAN };
                text.push_str(&fill(rng.pick(pool), &mut rng, first));
            }
        }
        text.push_str("\n\n");
        text.push_str(rng.pick(CLOSINGS));
        text.push('\n');
        let message = rng
            .chance(50)
            .then(|| fill(rng.pick(MESSAGES), &mut rng, first));
        // Some replies carry the customer's email quoted below.
        if rng.chance(20) {
            text.push_str(&format!(
                "\nOn {}, 3 Oct 2024 at 09:{:02}, {} <customer@example.com> wrote:\n",
                rng.pick(DAYS),
                rng.below(60),
                name.unwrap_or("Customer")
            ));
            for line in message.as_deref().unwrap_or("Hello?").lines() {
                text.push_str("> ");
                text.push_str(line);
                text.push('\n');
            }
        }
        replies.push(Reply {
            text,
            customer_name: name.filter(|_| rng.chance(70)).map(str::to_owned),
            customer_message: message,
        });
    }
    replies
}

// ---------------------------------------------------------------- benches

fn builtin() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("built-in rules load"))
}

/// Load, parse and compile the built-in rules (process start-up cost).
#[divan::bench(sample_count = 20)]
fn rules_builtin() -> RuleSet {
    RuleSet::builtin().expect("built-in rules load")
}

/// Segmentation alone: regions, greeting, sentences and paragraphs.
#[divan::bench(args = corpus_names(), max_time = 3)]
fn draft_new(bencher: Bencher, name: &str) {
    let c = corpus(name);
    bencher.counter(BytesCount::new(c.bytes)).bench(|| {
        for r in &c.replies {
            black_box(Draft::new(black_box(&r.text)));
        }
    });
}

/// The rule that stands for each check kind, preferred by id; when the
/// preferred id is gone (rules change), the first rule of that kind.
const KINDS: &[(&str, &str)] = &[
    ("phrase", "defensive-language"),
    ("unless-nearby", "flat-no"),
    ("requires", "mistake-without-apology"),
    ("customer-name", "unused-customer-name"),
    ("shouting", "shouting"),
    ("placeholder", "unfilled-placeholder"),
];

fn representative(kind: &str) -> String {
    let preferred = KINDS.iter().find(|(k, _)| *k == kind).map(|(_, id)| *id);
    let rules = builtin().rules();
    preferred
        .and_then(|id| rules.iter().find(|r| r.id == id && r.check.kind() == kind))
        .or_else(|| rules.iter().find(|r| r.check.kind() == kind))
        .map(|r| r.id.clone())
        .unwrap_or_else(|| panic!("no built-in rule of kind {kind}"))
}

/// Each check kind alone, over drafts segmented beforehand (so this is the
/// check's own cost plus building findings).
#[divan::bench_group(max_time = 3)]
mod check_kind {
    use super::*;

    fn run(bencher: Bencher, corpus_name: &str, kind: &str) {
        let c = corpus(corpus_name);
        let selection = Selection {
            select: Some(vec![representative(kind)]),
            ..Selection::default()
        };
        let linter = Linter::new(builtin(), &selection);
        let drafts = c.drafts();
        bencher.counter(BytesCount::new(c.bytes)).bench(|| {
            let mut n = 0;
            for (d, ctx) in drafts.iter().zip(&c.contexts) {
                n += linter.lint(black_box(d), ctx).len();
            }
            n
        });
    }

    #[divan::bench(args = corpus_names())]
    fn phrase(b: Bencher, c: &str) {
        run(b, c, "phrase");
    }
    #[divan::bench(args = corpus_names())]
    fn unless_nearby(b: Bencher, c: &str) {
        run(b, c, "unless-nearby");
    }
    #[divan::bench(args = corpus_names())]
    fn requires(b: Bencher, c: &str) {
        run(b, c, "requires");
    }
    #[divan::bench(args = corpus_names())]
    fn customer_name(b: Bencher, c: &str) {
        run(b, c, "customer-name");
    }
    #[divan::bench(args = corpus_names())]
    fn shouting(b: Bencher, c: &str) {
        run(b, c, "shouting");
    }
    #[divan::bench(args = corpus_names())]
    fn placeholder(b: Bencher, c: &str) {
        run(b, c, "placeholder");
    }
}

/// Every built-in rule.
#[divan::bench_group(max_time = 3)]
mod all_rules {
    use super::*;

    /// `lint_text`: segmentation plus every rule, per reply.
    #[divan::bench(args = corpus_names())]
    fn lint_text(bencher: Bencher, name: &str) {
        let c = corpus(name);
        let linter = Linter::new(builtin(), &Selection::default());
        bencher.counter(BytesCount::new(c.bytes)).bench(|| {
            let mut n = 0;
            for (r, ctx) in c.replies.iter().zip(&c.contexts) {
                n += linter.lint_text(black_box(&r.text), ctx).len();
            }
            n
        });
    }

    /// Every rule over drafts segmented beforehand (matching alone).
    #[divan::bench(args = corpus_names())]
    fn lint_drafts(bencher: Bencher, name: &str) {
        let c = corpus(name);
        let linter = Linter::new(builtin(), &Selection::default());
        let drafts = c.drafts();
        bencher.counter(BytesCount::new(c.bytes)).bench(|| {
            let mut n = 0;
            for (d, ctx) in drafts.iter().zip(&c.contexts) {
                n += linter.lint(black_box(d), ctx).len();
            }
            n
        });
    }
}

/// Batch mode: `batch::run` over the corpus as an in-memory JSONL buffer,
/// output to memory (JSON parsing, linting in parallel, JSON output).
#[divan::bench(args = corpus_names(), max_time = 3)]
fn batch_run(bencher: Bencher, name: &str) {
    let c = corpus(name);
    let linter = Linter::new(builtin(), &Selection::default());
    let mut out = Vec::with_capacity(c.jsonl.len() * 4);
    bencher.counter(BytesCount::new(c.bytes)).bench_local(|| {
        out.clear();
        replylint::batch::run(
            &linter,
            Cursor::new(c.jsonl.as_bytes()),
            &mut out,
            Mode::Draft,
        )
        .expect("batch runs")
    });
}

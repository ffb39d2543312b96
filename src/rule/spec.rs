//! Serde mirror of a rule file, one to one with the YAML. No logic lives here:
//! `load.rs` validates and compiles these structs into a [`crate::rule::Rule`].
//!
//! Every struct denies unknown fields (a typo in a key is an error, never a
//! silent no-op) and uses kebab-case keys.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::rule::Severity;

/// One rule file (`rules/<id>.yml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    /// Kebab-case id; must equal the file stem.
    pub id: String,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// The headline of each finding. `{matched}` is replaced by the trigger
    /// words, `{name}` by the customer's name where known.
    pub message: String,
    /// Short text shown under the underlined trigger words.
    #[serde(default)]
    pub label: Option<String>,
    /// One line for `replylint rules` (default: the description's first sentence).
    #[serde(default)]
    pub summary: Option<String>,
    /// What the rule flags.
    pub description: String,
    /// Why it hurts the customer, in one or two sentences.
    pub why: String,
    /// What to write instead.
    pub help: String,
    /// The check kind and its fields.
    pub check: CheckSpec,
    /// Suggested edits for its findings.
    #[serde(default)]
    pub fixes: Vec<crate::rule::fix::FixSpec>,
    /// Replies that must and must not fire this rule.
    pub examples: ExamplesSpec,
}

/// The closed set of check kinds, tagged by `kind`.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum CheckSpec {
    /// Flag any match of `patterns` that no exception overlaps.
    Phrase(PhraseSpec),
    /// Flag a trigger unless a remedy pattern matches nearby.
    UnlessNearby(UnlessNearbySpec),
    /// A trigger anywhere demands a pattern somewhere in the reply.
    Requires(RequiresSpec),
    /// The customer's name: known but unused, or the wrong one used.
    CustomerName(CustomerNameSpec),
    /// Ordinary words in capitals and `!!` / `??` runs.
    Shouting(ShoutingSpec),
    /// Template slots left in a reply, aware of draft vs template mode.
    Placeholder(PlaceholderSpec),
}

fn three() -> usize {
    3
}

fn yes() -> bool {
    true
}

/// Fields of `kind: shouting`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ShoutingSpec {
    /// Patterns for capitalised words never flagged (acronyms that are also
    /// words: PIN, UPS), matched against the whole word, case-insensitive.
    #[serde(default)]
    pub allow: Vec<String>,
    /// Words to treat as ordinary beyond the shipped English list.
    #[serde(default)]
    pub extra_words: Vec<String>,
    /// Fewer letters than this are never shouting (default 3).
    #[serde(default = "three")]
    pub min_letters: usize,
    /// When given, a word of exactly `min-letters` letters is shouting only
    /// if it is in this list: short capitals are mostly codes (LAX, SKU).
    #[serde(default)]
    pub short_words: Vec<String>,
    /// Also flag `!!`, `??` and `?!` runs (default true).
    #[serde(default = "yes")]
    pub punctuation: bool,
}

/// Fields of `kind: placeholder`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PlaceholderSpec {
    /// What a slot looks like.
    pub patterns: Vec<String>,
    /// A match overlapped by one of these is not a slot (a Markdown link).
    #[serde(default)]
    pub exceptions: Vec<String>,
    /// Platform placeholders that are expected in template mode.
    #[serde(default)]
    pub expected_in_template: Vec<String>,
    /// Match case exactly.
    #[serde(default)]
    pub case_sensitive: bool,
}

/// Fields of `kind: phrase`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PhraseSpec {
    /// Regexes (case-insensitive unless `case-sensitive`); `{{lexicon}}` expands a lexicon.
    pub patterns: Vec<String>,
    /// A match overlapped by one of these is not flagged.
    #[serde(default)]
    pub exceptions: Vec<String>,
    /// Match case exactly.
    #[serde(default)]
    pub case_sensitive: bool,
}

/// Fields of `kind: unless-nearby`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct UnlessNearbySpec {
    /// What may be a problem.
    pub trigger: Vec<String>,
    /// What, found within `window`, makes the trigger fine.
    pub unless: Vec<String>,
    /// How far to look for a remedy (default: `neighbours`).
    #[serde(default)]
    pub window: WindowSpec,
    /// A trigger overlapped by one of these is not flagged.
    #[serde(default)]
    pub exceptions: Vec<String>,
    /// Match case exactly.
    #[serde(default)]
    pub case_sensitive: bool,
}

/// Where the trigger of a `requires` check is looked for.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TriggerIn {
    /// In the reply itself (the finding points at the trigger).
    #[default]
    Reply,
    /// In the customer's message given as context (the finding points at the
    /// start of the reply). Silent when no message is known.
    CustomerMessage,
}

/// Fields of `kind: requires`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RequiresSpec {
    /// What demands the required pattern.
    pub trigger: Vec<String>,
    /// At least one of these must appear somewhere in the reply.
    pub required: Vec<String>,
    /// A trigger overlapped by one of these does not count.
    #[serde(default)]
    pub exceptions: Vec<String>,
    /// Where to look for the trigger (default: `reply`).
    #[serde(default)]
    pub trigger_in: TriggerIn,
    /// Match case exactly.
    #[serde(default)]
    pub case_sensitive: bool,
}

/// What a `customer-name` check flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NameCheck {
    /// The name is known and the reply never uses it.
    Unused,
    /// The greeting or a direct address names someone else.
    Wrong,
}

/// Fields of `kind: customer-name`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CustomerNameSpec {
    /// `unused` or `wrong`.
    pub flag: NameCheck,
    /// Words after a greeting that are not names ("Hi there", "Hello team").
    #[serde(default)]
    pub not_names: Vec<String>,
    /// Template placeholders that stand for the name (`{{customer.first_name}}`);
    /// in template mode one of these counts as using the name.
    #[serde(default)]
    pub placeholders: Vec<String>,
}

/// How far from a trigger an `unless` pattern is looked for.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum WindowSpec {
    /// The trigger's own sentence.
    Sentence,
    /// The sentence before, the same one and the one after.
    #[default]
    Neighbours,
    /// The trigger's paragraph.
    Paragraph,
    /// The whole reply.
    Reply,
    /// `before` sentences before and `after` sentences after the trigger's.
    Sentences { before: usize, after: usize },
}

impl<'de> Deserialize<'de> for WindowSpec {
    // Hand-written rather than `#[serde(untagged)]`: untagged enums buffer
    // their input and lose the line/column that error messages need.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct WindowVisitor;
        impl<'de> Visitor<'de> for WindowVisitor {
            type Value = WindowSpec;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "one of `sentence`, `neighbours`, `paragraph`, `reply`, \
                     or a map `{before: N, after: N}`",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<WindowSpec, E> {
                match v {
                    "sentence" => Ok(WindowSpec::Sentence),
                    "neighbours" | "neighbors" => Ok(WindowSpec::Neighbours),
                    "paragraph" => Ok(WindowSpec::Paragraph),
                    "reply" => Ok(WindowSpec::Reply),
                    other => Err(E::unknown_variant(
                        other,
                        &["sentence", "neighbours", "paragraph", "reply"],
                    )),
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<WindowSpec, A::Error> {
                #[derive(Deserialize)]
                #[serde(deny_unknown_fields)]
                struct Counts {
                    #[serde(default)]
                    before: usize,
                    #[serde(default)]
                    after: usize,
                }
                let c = Counts::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(WindowSpec::Sentences {
                    before: c.before,
                    after: c.after,
                })
            }
        }
        deserializer.deserialize_any(WindowVisitor)
    }
}

/// The `examples` block: replies that must fire the rule and replies that must not.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExamplesSpec {
    /// Each must produce at least one finding of this rule.
    pub flag: Vec<ExampleSpec>,
    /// Each must produce none.
    pub pass: Vec<ExampleSpec>,
}

/// One example: a bare string, or a map with context.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExampleFields {
    /// The reply text.
    pub text: String,
    /// The customer's name, as `--customer-name` would give it.
    #[serde(default)]
    pub customer_name: Option<String>,
    /// The customer's message, as `--context` would give it.
    #[serde(default)]
    pub customer_message: Option<String>,
    /// `draft` (default) or `template`.
    #[serde(default)]
    pub mode: Option<crate::draft::Mode>,
    /// Where the example came from or what it shows.
    #[serde(default)]
    pub note: Option<String>,
}

/// An example as written in YAML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleSpec(pub ExampleFields);

impl<'de> Deserialize<'de> for ExampleSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ExampleVisitor;
        impl<'de> Visitor<'de> for ExampleVisitor {
            type Value = ExampleSpec;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a reply as a string, or a map with `text` and context fields")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ExampleSpec, E> {
                Ok(ExampleSpec(ExampleFields {
                    text: v.to_owned(),
                    customer_name: None,
                    customer_message: None,
                    mode: None,
                    note: None,
                }))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ExampleSpec, A::Error> {
                ExampleFields::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(ExampleSpec)
            }
        }
        deserializer.deserialize_any(ExampleVisitor)
    }
}

/// A lexicon file (`rules/lexicons/<name>.yml`): a named word list that
/// patterns reference as `{{name}}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LexiconSpec {
    /// Must equal the file stem.
    pub name: String,
    /// What the list holds and which rules use it.
    pub description: String,
    /// Regex alternatives, joined with `|`.
    pub terms: Vec<String>,
}

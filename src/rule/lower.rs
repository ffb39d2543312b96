//! Case-insensitive patterns compiled for lowercased text.
//!
//! Almost every rule pattern is case-insensitive. Compiled as it is, each
//! letter becomes a two-byte class (`[Ww][Ee]`), which the parser builds one
//! by one and the NFA compiler turns into a state with two transitions:
//! about half of what compiling a rule costs, and compiling is most of what
//! a one-draft run costs. Matching a case-insensitive pattern (ASCII case
//! folding, as all rule patterns use) against a text is the same as matching
//! the pattern with every ASCII letter lowercased, case-sensitively, against
//! the text with every ASCII letter lowercased: same length, same offsets,
//! so the matches are the same spans. The lowercased pattern compiles to
//! plain literals.
//!
//! The rewrite works on the parsed pattern, so escapes (`\S`, `\B`) and
//! class syntax are never mistaken for letters: literals and class members
//! are lowercased, a class range within `A-Z` becomes the same range within
//! `a-z` (the set of lowercased members, negated or not, is exactly what
//! the folded class holds of a lowercased text). A pattern this cannot
//! express is left to the ordinary build: one that switches case
//! sensitivity back on (`(?-i:SLA)`) or Unicode on, a class range that
//! straddles the letters (`[0-Z]`), set operations, Unicode classes.

use regex_syntax::ast::{
    self, Ast, ClassAsciiKind, ClassSet, ClassSetItem, Flag, Flags, GroupKind,
};
use regex_syntax::hir::Hir;

/// The pattern parsed and lowercased, translated as the house syntax does
/// (ASCII classes, byte-oriented); `None` when it cannot be lowercased or
/// does not parse (the ordinary build then compiles it, or reports why not).
pub(crate) fn lowered_hir(pattern: &str) -> Option<Hir> {
    let mut ast = ast::parse::Parser::new().parse(pattern).ok()?;
    if !lower_ast(&mut ast) {
        return None;
    }
    regex_syntax::hir::translate::TranslatorBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .translate(pattern, &ast)
        .ok()
}

/// Lowercase `ast` in place; `false` if it holds something that cannot be.
fn lower_ast(ast: &mut Ast) -> bool {
    match ast {
        Ast::Empty(_) | Ast::Dot(_) | Ast::Assertion(_) | Ast::ClassPerl(_) => true,
        Ast::Flags(set) => flags_keep_folding(&set.flags),
        Ast::Literal(lit) => {
            lit.c = lit.c.to_ascii_lowercase();
            true
        }
        Ast::ClassUnicode(_) => false,
        Ast::ClassBracketed(class) => lower_set(&mut class.kind),
        Ast::Repetition(rep) => lower_ast(&mut rep.ast),
        Ast::Group(group) => {
            if let GroupKind::NonCapturing(flags) = &group.kind {
                if !flags_keep_folding(flags) {
                    return false;
                }
            }
            lower_ast(&mut group.ast)
        }
        Ast::Alternation(alt) => alt.asts.iter_mut().all(lower_ast),
        Ast::Concat(cat) => cat.asts.iter_mut().all(lower_ast),
    }
}

/// Whether a flag group leaves case folding on and Unicode off.
fn flags_keep_folding(flags: &Flags) -> bool {
    flags.flag_state(Flag::CaseInsensitive) != Some(false)
        && flags.flag_state(Flag::Unicode) != Some(true)
}

fn lower_set(set: &mut ClassSet) -> bool {
    match set {
        ClassSet::Item(item) => lower_item(item),
        ClassSet::BinaryOp(_) => false,
    }
}

fn lower_item(item: &mut ClassSetItem) -> bool {
    match item {
        ClassSetItem::Empty(_) | ClassSetItem::Perl(_) => true,
        ClassSetItem::Literal(lit) => {
            lit.c = lit.c.to_ascii_lowercase();
            true
        }
        ClassSetItem::Range(range) => {
            let (start, end) = (range.start.c, range.end.c);
            let upper = 'A'..='Z';
            if upper.contains(&start) && upper.contains(&end) {
                range.start.c = start.to_ascii_lowercase();
                range.end.c = end.to_ascii_lowercase();
                true
            } else {
                // No letter in it, or only lowercase ones: unchanged.
                end < 'A' || start > 'Z'
            }
        }
        ClassSetItem::Ascii(class) => {
            // Folded, `[:upper:]` and `[:lower:]` both hold every letter.
            if class.kind == ClassAsciiKind::Upper {
                class.kind = ClassAsciiKind::Alpha;
            }
            true
        }
        ClassSetItem::Unicode(_) => false,
        ClassSetItem::Bracketed(class) => lower_set(&mut class.kind),
        ClassSetItem::Union(union) => union.items.iter_mut().all(lower_item),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lowercased pattern, printed back.
    fn lowered(pattern: &str) -> Option<String> {
        let mut ast = ast::parse::Parser::new().parse(pattern).ok()?;
        if !lower_ast(&mut ast) {
            return None;
        }
        let mut out = String::new();
        ast::print::Printer::new().print(&ast, &mut out).unwrap();
        Some(out)
    }

    #[test]
    fn lowercases_letters_not_escapes() {
        assert_eq!(lowered(r"\bWe CAN'T\b").unwrap(), r"\bwe can't\b");
        assert_eq!(lowered(r"\S+\W\B\D").unwrap(), r"\S+\W\B\D");
        assert_eq!(lowered(r"[A-Z][^A-Fx]").unwrap(), r"[a-z][^a-fx]");
        assert_eq!(lowered(r"[[:upper:]]").unwrap(), r"[[:alpha:]]");
        assert_eq!(lowered(r"(?i:Hi)|(?m:^A)").unwrap(), r"(?i:hi)|(?m:^a)");
    }

    #[test]
    fn leaves_what_it_cannot_express() {
        assert_eq!(lowered(r"(?-i:SLA)"), None);
        assert_eq!(lowered(r"a(?-i)B"), None);
        assert_eq!(lowered(r"(?u:é)"), None);
        assert_eq!(lowered(r"[0-Z]"), None);
        assert_eq!(lowered(r"[a-z&&[^q]]"), None);
        assert_eq!(lowered(r"[0-9a-z]").unwrap(), r"[0-9a-z]");
    }
}

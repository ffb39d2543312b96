//! Plain text and `.eml` files: the whole file is one reply and maps onto
//! itself (a leading byte-order mark is skipped). Email headers, quoted
//! threads and signatures are the draft model's business, not this one's.

use crate::source::map::OffsetMap;

/// The reply text of a plain file and its map.
pub(crate) fn whole(text: &str) -> (String, OffsetMap) {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[start..];
    (body.to_owned(), OffsetMap::identity(start, body.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_a_byte_order_mark() {
        let (t, map) = whole("\u{feff}Hi");
        assert_eq!(t, "Hi");
        assert_eq!(map.to_source(0), 3);
        assert_eq!(map.to_source(2), 5);
    }
}

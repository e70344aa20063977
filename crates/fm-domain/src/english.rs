//! English list formatting as used in the original's messages.

/// Joins items English-style with a serial comma: `a`, `a and b`, `a, b, and c`.
///
/// `conjunction` is the joining word (`"and"` or `"or"`).
pub fn join_english(items: &[impl AsRef<str>], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [a, b] => format!("{} {conjunction} {}", a.as_ref(), b.as_ref()),
        [init @ .., last] => {
            let head: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{}, {conjunction} {}", head.join(", "), last.as_ref())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::join_english;

    #[test]
    fn joins_like_the_original() {
        assert_eq!(join_english(&["a"], "and"), "a");
        assert_eq!(join_english(&["a", "b"], "and"), "a and b");
        assert_eq!(join_english(&["a", "b", "c"], "and"), "a, b, and c");
        assert_eq!(join_english(&["MW", "kW"], "or"), "MW or kW");
        assert_eq!(join_english(&[] as &[&str], "and"), "");
    }
}

//! Feeds arbitrary bytes to the JSON reader: no panic, no hang, and every span
//! of the tree and of the errors lies inside the input on character boundaries.

#![no_main]

use lattice_policy::json::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse(text);
    if let Some(root) = &parsed.root {
        for span in root.spans() {
            assert!(span.slice(text).is_some(), "node span {span:?}");
        }
    }
    for error in &parsed.errors {
        assert!(error.span.slice(text).is_some(), "error span {:?}", error);
        if let Some((related, _)) = error.related {
            assert!(related.slice(text).is_some(), "related span {:?}", error);
        }
    }
    assert!(
        parsed
            .errors
            .windows(2)
            .all(|w| w[0].span.start <= w[1].span.start),
        "errors out of order"
    );
    let fatal = parsed.errors.iter().filter(|e| e.kind.is_fatal()).count();
    assert_eq!(fatal, usize::from(parsed.root.is_none()));
});

//! `file:` URIs ↔ the names documents carry in the core (file system paths, so that Bicep
//! module paths resolve against them). Other schemes keep the URI as the name.

/// The document name for a URI: the decoded path of a `file:` URI (`file:///c%3A/x` →
/// `c:/x`), the URI itself otherwise.
pub fn to_name(uri: &str) -> String {
    let Some(rest) = uri.strip_prefix("file://") else {
        return uri.to_string();
    };
    // An authority (`file://server/share`) is kept as a UNC-like `//server/share`.
    let path = if rest.starts_with('/') {
        rest.to_string()
    } else {
        format!("//{rest}")
    };
    let decoded = decode(&path);
    let b = decoded.as_bytes();
    // `/c:/x` is a Windows drive path.
    if b.len() >= 3 && b[0] == b'/' && b[1].is_ascii_alphabetic() && b[2] == b':' {
        return format!("{}{}", (b[1] as char).to_ascii_lowercase(), &decoded[2..]);
    }
    decoded
}

/// The `file:` URI of a path (the inverse of [`to_name`] for paths).
pub fn from_name(name: &str) -> String {
    if name.contains("://") || name.starts_with("untitled:") {
        return name.to_string();
    }
    let name = name.replace('\\', "/");
    let path = if name.starts_with('/') {
        name
    } else {
        format!("/{name}")
    };
    let mut out = String::from("file://");
    for &byte in path.as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        assert_eq!(to_name("file:///a/b%20c/m%C3%A9.bicep"), "/a/b c/mé.bicep");
        assert_eq!(
            from_name("/a/b c/mé.bicep"),
            "file:///a/b%20c/m%C3%A9.bicep"
        );
        assert_eq!(to_name("file:///C%3A/x/main.bicep"), "c:/x/main.bicep");
        assert_eq!(from_name("c:/x/main.bicep"), "file:///c%3A/x/main.bicep");
        assert_eq!(to_name("untitled:Untitled-1"), "untitled:Untitled-1");
        assert_eq!(to_name("file:///a%2"), "/a%2");
    }
}

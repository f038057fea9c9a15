//! Short names for what the main wasm module imports from its JS glue.
//!
//! wasm-bindgen names each import after what it calls and a 64-bit hash
//! (`__wbg_getAttribute_80900eec94cb3636`), and writes each name twice: in the module's import
//! section and as a key of the glue's import object. About 175 such names cost a first load
//! some 5.8 KB gzip, mostly the hashes, which don't compress. Renaming both sides to short
//! names (`a`, `b`, … `aB`) keeps the module and its glue exactly as they were otherwise. Chunks
//! import nothing from the glue (they import the main module's exports), so they are untouched.

use std::path::Path;

use crate::Result;

/// The import module the glue's import object answers for.
const GLUE: &str = "./vidmud_credits_bg.js";

fn leb(bytes: &[u8], at: &mut usize) -> Result<u64> {
    let (mut value, mut shift) = (0u64, 0);
    loop {
        let byte = *bytes.get(*at).ok_or("wasm: truncated LEB128")?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
        shift += 7;
        if shift > 63 {
            return Err("wasm: LEB128 too long".into());
        }
    }
}

fn put_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn name<'a>(bytes: &'a [u8], at: &mut usize) -> Result<&'a str> {
    let len = leb(bytes, at)? as usize;
    let text = bytes.get(*at..*at + len).ok_or("wasm: truncated name")?;
    *at += len;
    std::str::from_utf8(text).map_err(|_| "wasm: a name that is not UTF-8".into())
}

/// Skips an import's descriptor of `kind`, whose bytes are copied as they are.
fn skip_descriptor(bytes: &[u8], at: &mut usize, kind: u8) -> Result {
    let limits = |at: &mut usize| -> Result {
        let flags = *bytes.get(*at).ok_or("wasm: truncated limits")?;
        *at += 1;
        leb(bytes, at)?;
        if flags & 1 == 1 {
            leb(bytes, at)?;
        }
        Ok(())
    };
    match kind {
        0 => leb(bytes, at).map(drop),
        1 => {
            *at += 1; // the table's reference type
            limits(at)
        }
        2 => limits(at),
        3 => {
            *at += 2; // value type, mutability
            Ok(())
        }
        4 => {
            *at += 1; // the tag's attribute
            leb(bytes, at).map(drop)
        }
        _ => Err(format!("wasm: an import of unknown kind {kind}")),
    }
}

/// The `n`th short name: `a` … `Z`, then `ab`, `bb`, …. They are keys of the glue's import
/// object, where even a keyword (`do`, `in`) is a valid name.
fn short(mut n: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut s = String::new();
    loop {
        s.push(LETTERS[n % LETTERS.len()] as char);
        n /= LETTERS.len();
        if n == 0 {
            return s;
        }
    }
}

/// Old import names and their new ones, in the module's order.
type Renamed = Vec<(String, String)>;

/// `module` with every import from [`GLUE`] renamed to a short name; and the renaming.
pub fn rename(module: &[u8]) -> Result<(Vec<u8>, Renamed)> {
    if module.get(..8) != Some(b"\0asm\x01\0\0\0") {
        return Err("not a wasm module".into());
    }
    let mut out = module[..8].to_vec();
    let mut renamed = Vec::new();
    let mut at = 8;
    while at < module.len() {
        let id = module[at];
        at += 1;
        let size = leb(module, &mut at)? as usize;
        let body = module.get(at..at + size).ok_or("wasm: truncated section")?;
        at += size;
        if id != 2 {
            out.push(id);
            put_leb(&mut out, size as u64);
            out.extend_from_slice(body);
            continue;
        }
        let mut b = 0;
        let count = leb(body, &mut b)?;
        let mut section = Vec::new();
        put_leb(&mut section, count);
        for _ in 0..count {
            let from = name(body, &mut b)?;
            let field = name(body, &mut b)?;
            let kind = *body.get(b).ok_or("wasm: truncated import")?;
            b += 1;
            let descriptor = b;
            skip_descriptor(body, &mut b, kind)?;
            let new = if from == GLUE {
                let new = short(renamed.len());
                renamed.push((field.to_owned(), new.clone()));
                new
            } else {
                field.to_owned()
            };
            for text in [from, new.as_str()] {
                put_leb(&mut section, text.len() as u64);
                section.extend_from_slice(text.as_bytes());
            }
            section.push(kind);
            section.extend_from_slice(&body[descriptor..b]);
        }
        out.push(2);
        put_leb(&mut out, section.len() as u64);
        out.extend_from_slice(&section);
    }
    Ok((out, renamed))
}

/// `glue` with each old import name, as a whole word, replaced by its new one.
pub fn rename_in_glue(glue: &str, renamed: &[(String, String)]) -> Result<String> {
    let mut out = glue.to_owned();
    for (old, new) in renamed {
        let mut found = 0;
        let mut next = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(i) = rest.find(old.as_str()) {
            let before = rest[..i].chars().next_back();
            let after = rest[i + old.len()..].chars().next();
            let word =
                |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
            next.push_str(&rest[..i]);
            if word(before) || word(after) {
                next.push_str(old);
            } else {
                next.push_str(new);
                found += 1;
            }
            rest = &rest[i + old.len()..];
        }
        next.push_str(rest);
        if found == 0 {
            return Err(format!("the glue never names the import {old}"));
        }
        out = next;
    }
    Ok(out)
}

/// Renames the imports of `wasm` from its glue `js`, in both files.
pub fn shorten(wasm: &Path, js: &Path) -> Result {
    let module = std::fs::read(wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
    let glue = std::fs::read_to_string(js).map_err(|e| format!("{}: {e}", js.display()))?;
    let (module, renamed) = rename(&module)?;
    let glue = rename_in_glue(&glue, &renamed)?;
    std::fs::write(wasm, module).map_err(|e| format!("{}: {e}", wasm.display()))?;
    std::fs::write(js, glue).map_err(|e| format!("{}: {e}", js.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with a type, two imports from the glue, one from elsewhere, a memory import,
    /// and a custom section after.
    fn module() -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        m.extend([1, 4, 1, 0x60, 0, 0]); // type section: one () -> ()
        let mut imports = vec![4];
        for (from, field, desc) in [
            (GLUE, "__wbg_get_d7176cfb76d71114", vec![0u8, 0]),
            ("./snippets/x/element.js", "defineElement", vec![0, 0]),
            (
                GLUE,
                "__wbg_memory_0123456789abcdef",
                vec![2, 1, 17, 0x80, 0x01],
            ),
            (GLUE, "__wbindgen_init_externref_table", vec![0, 0]),
        ] {
            for t in [from, field] {
                imports.push(t.len() as u8);
                imports.extend(t.as_bytes());
            }
            imports.extend(desc);
        }
        m.push(2);
        put_leb(&mut m, imports.len() as u64);
        m.extend(&imports);
        m.extend([0, 4, 1, b'x', 1, 2]);
        m
    }

    #[test]
    fn imports_from_the_glue_get_short_names_and_the_rest_stays() {
        let (renamed_module, renamed) = rename(&module()).unwrap();
        assert_eq!(
            renamed,
            [
                ("__wbg_get_d7176cfb76d71114".to_owned(), "a".to_owned()),
                ("__wbg_memory_0123456789abcdef".to_owned(), "b".to_owned()),
                ("__wbindgen_init_externref_table".to_owned(), "c".to_owned()),
            ]
        );
        // Read back: the same imports, in order, with the new names and the same descriptors.
        let (again, renamed_again) = rename(&renamed_module).unwrap();
        assert_eq!(
            renamed_again
                .iter()
                .map(|(o, _)| o.as_str())
                .collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        assert_eq!(again, renamed_module);
        assert!(renamed_module.ends_with(&[0, 4, 1, b'x', 1, 2]));
        let text = String::from_utf8_lossy(&renamed_module);
        assert!(text.contains("defineElement") && !text.contains("__wbg_get_"));
    }

    #[test]
    fn the_glue_is_renamed_by_whole_words_only() {
        let renamed = [("__wbg_get_d7176cfb76d71114".to_owned(), "a".to_owned())];
        let glue = "{__wbg_get_d7176cfb76d71114:function(e){},x__wbg_get_d7176cfb76d71114:1}";
        assert_eq!(
            rename_in_glue(glue, &renamed).unwrap(),
            "{a:function(e){},x__wbg_get_d7176cfb76d71114:1}"
        );
        assert!(rename_in_glue("{}", &renamed).is_err());
    }

    #[test]
    fn short_names_are_unique() {
        let names: std::collections::HashSet<String> = (0..3000).map(short).collect();
        assert_eq!(names.len(), 3000);
        assert_eq!(short(0), "a");
        assert_eq!(short(52), "ab");
    }
}

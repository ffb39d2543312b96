//! Writing a user's file back, only when asked (`--fix`) and atomically:
//! the new text goes to a temporary file in the same directory, gets the
//! original's permissions, is flushed to disk, then renamed over the
//! original. A failure at any step leaves the original byte-for-byte intact.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Replace the contents of `path` with `contents` atomically.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_atomic_with(path, contents, &mut |file, bytes| file.write_all(bytes))
}

/// [`write_atomic`], with the write of the temporary file done by `write`:
/// the seam tests use to inject a failure (a full disk, an I/O error half
/// way) and check that the original is left byte-for-byte intact.
pub fn write_atomic_with(
    path: &Path,
    contents: &[u8],
    write: &mut dyn FnMut(&mut fs::File, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let permissions = fs::metadata(path)?.permissions();
    let mut tmp = tempfile::Builder::new()
        .prefix(".replylint-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    write(tmp.as_file_mut(), contents)?;
    tmp.as_file().sync_all()?;
    fs::set_permissions(tmp.path(), permissions)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_contents_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("reply.txt");
        fs::write(&p, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomic(&p, b"new").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o640
            );
        }
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left behind");
    }

    #[test]
    fn a_missing_file_is_an_error_and_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("missing.txt");
        assert!(write_atomic(&p, b"x").is_err());
        assert!(!p.exists());
    }
}

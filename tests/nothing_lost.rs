//! Nothing lost: `--fix` under a failing write leaves the original file
//! byte-for-byte intact (an error injected through `write_atomic_with`, a
//! read-only folder, a full disk on a tiny tmpfs), and concurrent `--fix`
//! runs on one file never leave a mix of two versions.
// A skipped check says so on stderr (the test harness shows it).
#![allow(clippy::print_stderr)]

mod common;

use std::fs;
use std::io;
use std::path::Path;
use std::process::{Command, Stdio};

use common::root;
use replylint::write::{write_atomic, write_atomic_with};

fn shouty() -> String {
    fs::read_to_string(root().join("tests/fixtures/fix/shouty.txt")).unwrap()
}

/// Files other than `keep` left in `dir` (temporary files must not be).
fn leftovers(dir: &Path, keep: &[&str]) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect()
}

#[test]
fn a_write_that_fails_half_way_leaves_the_original_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reply.txt");
    let original = "Hi Dana,\n\nTHIS IS NOT OK!!\n".repeat(500);
    fs::write(&path, &original).unwrap();
    let new = "something else entirely\n".repeat(400);
    for fail_after in [0, 1, new.len() / 2, new.len()] {
        let err = write_atomic_with(&path, new.as_bytes(), &mut |file, bytes| {
            use std::io::Write;
            file.write_all(&bytes[..fail_after])?;
            Err(io::Error::other("injected: no space left on device"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("injected"));
        assert_eq!(fs::read_to_string(&path).unwrap(), original);
        assert_eq!(leftovers(dir.path(), &["reply.txt"]), Vec::<String>::new());
    }
    write_atomic(&path, new.as_bytes()).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), new);
}

fn run_fix(dir: &Path, file: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_replylint"))
        .args(["check", file, "--fix", "--format", "concise", "--no-config"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// A folder the process cannot write to. Root ignores permission bits, so
/// there this test is skipped; the injected-writer and full-disk tests cover
/// the same failure path for root.
#[cfg(unix)]
#[test]
fn fix_in_a_read_only_folder_leaves_the_file_intact() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("ro");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("shouty.txt"), shouty()).unwrap();
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o555)).unwrap();
    // Probe: can this process write there anyway (root)?
    let probe = sub.join(".probe");
    let writable = fs::write(&probe, b"x").is_ok();
    let _ = fs::remove_file(&probe);
    let out = run_fix(dir.path(), "ro/shouty.txt");
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
    if writable {
        eprintln!("skipped: permission bits do not stop this user (root)");
        return;
    }
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("could not write fixes to ro/shouty.txt"),
        "{stderr}"
    );
    assert!(stderr.contains("the file is unchanged"), "{stderr}");
    assert_eq!(
        fs::read_to_string(sub.join("shouty.txt")).unwrap(),
        shouty()
    );
    assert_eq!(leftovers(&sub, &["shouty.txt"]), Vec::<String>::new());
}

/// A tiny tmpfs with room for the original but not for the fixed copy
/// beside it: the write fails with "no space", the original is intact and
/// no temporary file is left. Skipped where mounting is not permitted.
#[cfg(target_os = "linux")]
#[test]
fn fix_on_a_full_disk_leaves_the_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("mnt");
    fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&mnt)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let _guard = Unmount(&mnt);
    // ~40 KB of fixable text: the original fits, the original plus an
    // almost equally large fixed copy does not.
    let mut original = String::new();
    while original.len() < 40 << 10 {
        original.push_str(&shouty());
    }
    fs::write(mnt.join("shouty.txt"), &original).unwrap();
    let out = run_fix(&mnt, "shouty.txt");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("could not write fixes to shouty.txt"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(mnt.join("shouty.txt")).unwrap(),
        original
    );
    assert_eq!(leftovers(&mnt, &["shouty.txt"]), Vec::<String>::new());
}

/// Eight `--fix` runs on one large file at once: every write is a rename of
/// a complete temporary file, so the result is exactly the fixed text (each
/// run fixes the original or an already fixed copy to the same text), never
/// an interleaving, and no temporary file is left behind.
#[test]
fn concurrent_fixes_never_interleave() {
    let dir = tempfile::tempdir().unwrap();
    let mut original = String::new();
    while original.len() < 256 << 10 {
        original.push_str(&shouty());
        original.push('\n');
    }
    // The expected result: one run on a private copy.
    fs::write(dir.path().join("expected.txt"), &original).unwrap();
    run_fix(dir.path(), "expected.txt");
    let expected = fs::read_to_string(dir.path().join("expected.txt")).unwrap();
    assert_ne!(expected, original, "the file has safe fixes");

    fs::write(dir.path().join("shared.txt"), &original).unwrap();
    let children: Vec<_> = (0..8)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_replylint"))
                .args([
                    "check",
                    "shared.txt",
                    "--fix",
                    "--format",
                    "concise",
                    "--no-config",
                ])
                .current_dir(dir.path())
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        let status = c.wait().unwrap();
        assert!(status.code().is_some_and(|c| c <= 1), "{status:?}");
    }
    let result = fs::read_to_string(dir.path().join("shared.txt")).unwrap();
    assert!(result == expected, "the file is exactly the fixed text");
    assert_eq!(
        leftovers(dir.path(), &["shared.txt", "expected.txt"]),
        Vec::<String>::new()
    );
}

//! The real binary opens its window on a virtual X display and saves a screenshot of itself.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Kills the X server when the test ends, however it ends.
struct Xvfb(Child);

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_xvfb() -> Option<(Xvfb, String)> {
    let free = (120..200).find(|n| {
        !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
    })?;
    let display = format!(":{free}");
    let child = Command::new("Xvfb")
        .args([display.as_str(), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let server = Xvfb(child);
    let socket = format!("/tmp/.X11-unix/X{free}");
    let started = Instant::now();
    while !Path::new(&socket).exists() {
        if started.elapsed() > Duration::from_secs(20) {
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Some((server, display))
}

#[test]
fn the_window_saves_a_screenshot_of_itself() {
    let Some((_xvfb, display)) = start_xvfb() else {
        assert!(std::env::var_os("CI").is_none(), "Xvfb is needed in CI (apt-get install xvfb)");
        eprintln!("skipped: Xvfb is not installed here (apt-get install xvfb xauth)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let runtime = dir.path().join("runtime");
    std::fs::create_dir(&runtime).unwrap();
    // Mesa wants a private runtime folder.
    #[cfg(unix)]
    std::fs::set_permissions(&runtime, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    let shot = dir.path().join("window.png");
    let mut app = Command::new(env!("CARGO_BIN_EXE_accords"))
        .arg("--screenshot-to")
        .arg(&shot)
        .env("DISPLAY", &display)
        .env_remove("WAYLAND_DISPLAY")
        .env("XDG_RUNTIME_DIR", &runtime)
        .env("HOME", dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = app.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_mins(3) {
            let _ = app.kill();
            panic!("the window did not save its screenshot and close within 180 s");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(app.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert!(status.success(), "accords failed: {stderr}");
    let image =
        image::open(&shot).unwrap_or_else(|e| panic!("no readable screenshot ({e}); stderr: {stderr}")).to_rgba8();
    assert_eq!((image.width(), image.height()), (1500, 900), "the window's own size");
    let mut colours: Vec<[u8; 4]> = image.pixels().map(|p| p.0).collect();
    colours.sort_unstable();
    colours.dedup();
    assert!(colours.len() > 50, "only {} colours: the window looks blank", colours.len());
    let leftover = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().ends_with(".part"));
    assert!(!leftover, "a temporary file was left behind");
}

# Shared by the scripts in this folder; source it, do not run it.
#
# Sets ROOT, puts the project's own tools (.tools/bin, node_modules/.bin) first on PATH, and
# knows how to reach a Rust that targets wasm32 (see /work/shared/TOOLCHAIN.md): a rustup
# toolchain that has the target, or Debian's rustc-web building std from source.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/.tools/bin:$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# Debian's rustc-web installs these; they are called by full path because rustup's cargo
# usually comes first on PATH.
DEBIAN_RUSTC=/usr/bin/rustc
DEBIAN_CARGO=/usr/bin/cargo

log() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The wasm-bindgen version Cargo.lock pins; the CLI must be exactly this.
wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' \
        "$ROOT/Cargo.lock"
}

rustup_has_wasm_target() {
    command -v rustup >/dev/null 2>&1 &&
        rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown
}

debian_pkg_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'
}

debian_wasm_ready() {
    [ -x "$DEBIAN_RUSTC" ] && [ -x "$DEBIAN_CARGO" ] && command -v wasm-ld >/dev/null 2>&1 &&
        debian_pkg_installed rustc-web && debian_pkg_installed rust-web-src
}

# Which way we build for wasm32: "rustup" or "debian"; empty when neither is ready.
wasm_toolchain() {
    if rustup_has_wasm_target; then
        echo rustup
    elif debian_wasm_ready; then
        echo debian
    fi
}

# Run `cargo build` for wasm32 with the toolchain found; extra arguments are passed on.
# Each toolchain has its own target dir so the two compilers never share build outputs.
wasm_cargo_build() {
    case "$(wasm_toolchain)" in
    rustup)
        WASM_TARGET_DIR="$ROOT/target/wasm"
        cargo build --target wasm32-unknown-unknown --target-dir "$WASM_TARGET_DIR" "$@"
        ;;
    debian)
        WASM_TARGET_DIR="$ROOT/target/wasm-debian"
        RUSTC="$DEBIAN_RUSTC" RUSTC_BOOTSTRAP=1 RUSTFLAGS="-C linker=wasm-ld" \
            "$DEBIAN_CARGO" build --target wasm32-unknown-unknown \
            -Zbuild-std=std,panic_abort --target-dir "$WASM_TARGET_DIR" "$@"
        ;;
    *) die "no Rust toolchain for wasm32-unknown-unknown; run scripts/setup" ;;
    esac
}

# Run as root, through sudo when we are not.
as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root for: $* (no sudo found)"
    fi
}

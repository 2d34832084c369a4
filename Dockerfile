# syntax=docker/dockerfile:1
# `policy` in a small image: built with the Rust image, run from distroless
# (glibc and libgcc, no shell, no package manager) as a user without
# privileges. README.md, "Install", shows how to build and run it.
#
# The two stages must share a Debian release (bookworm, Debian 12): the binary
# links the builder's glibc.
ARG RUST_VERSION=1.95

FROM rust:${RUST_VERSION}-slim-bookworm AS build
WORKDIR /src
# The build has no git (.dockerignore): pass the commit for `policy --version`
# as "abcdef1 2026-12-01" (build.rs), e.g.
#   --build-arg LATTICE_POLICY_COMMIT="$(git log -1 --format='%h %cs')"
ARG LATTICE_POLICY_COMMIT=""
COPY . .
# The caches keep the registry and the compiled dependencies between builds;
# the binary is copied out since the target cache is not part of the image.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin policy \
    && cp target/release/policy /usr/local/bin/policy

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /usr/local/bin/policy /usr/local/bin/policy
# Mount the repository to check here: `policy check` finds the nearest
# lattice-policy.toml from the working directory up.
WORKDIR /work
# distroless's `nonroot` user, by number: a runtime that enforces
# runAsNonRoot (Kubernetes) can only verify a numeric user.
USER 65532:65532
ENTRYPOINT ["policy"]
CMD ["--help"]

#!/bin/sh
# Seed fuzz/corpus/<target>/ from the test fixtures and built-in rules.
set -eu
cd "$(dirname "$0")"
root=..
for t in draft rule_yaml config_yaml collection batch_line; do mkdir -p "corpus/$t"; done
n=0
# draft: one flag byte (mode, customer name) then the text.
for f in $root/tests/fixtures/drafts/*/* $root/tests/fixtures/fix/* $root/examples/drafts/*; do
    [ -f "$f" ] || continue
    n=$((n + 1)); { printf '\002'; cat "$f"; } > "corpus/draft/seed-$n"
done
# rule_yaml: built-in rules, custom and deliberately broken rule files.
for f in $root/rules/*.yml $root/tests/fixtures/bad-rules/*.yml $root/tests/fixtures/custom-rules/*.yml; do
    [ -f "$f" ] && cp "$f" "corpus/rule_yaml/$(basename "$f")"
done
# config_yaml: every config in the fixtures, and the starter config.
cp $root/src/starter-config.yaml corpus/config_yaml/starter.yaml
find $root/tests/fixtures -name '.replylint.y*ml' | while read -r f; do
    cp "$f" "corpus/config_yaml/$(echo "${f#$root/}" | tr / _)"
done
# collection: a pick byte (0 json, 1 yml, 2 md, 4 txt) then the file.
find $root/tests/fixtures/sources $root/tests/fixtures/repo -type f | while read -r f; do
    case "$f" in
        *.json) p='\000' ;; *.yml|*.yaml) p='\001' ;; *.md) p='\002' ;; *) p='\004' ;;
    esac
    { printf "$p"; cat "$f"; } > "corpus/collection/$(echo "${f#$root/}" | tr / _)"
done
# batch_line: a few records, good and bad.
printf '{"id": 1, "text": "We can'"'"'t refund this. We'"'"'ll get back to you soon!!"}\n' > corpus/batch_line/one
printf '{"id": "a", "text": "Hi [NAME], sorry", "customer_name": "Dana", "mode": "template"}\n{"id": 2, "txt": 1}\n' > corpus/batch_line/two
printf '{"id": 3, "text": "Hi Sam", "customer_message": "Thanks, Dana Whitfield"}\n' > corpus/batch_line/three

"""The talk detector: which units of a post are its talks, who gave each and what it was called,
and how sure the detector is.

A post is cut into blocks (`bot.parser.blocks`); the detector then works in four steps, each in
its own module here:

1. **Candidate units at every level** of the post's structure: headings of each level
   (`headings`: talk headings, groups such as `LT`/`Day 1`/`各発表のメモ`, section words such as
   `まとめ`/`詳細`/`Conclusion`, programme rows such as `Break`/`懇親会`), list items
   (`lists`, `item_rules`), table rows under a Title/Speaker header (`tables`), the timed
   lines of a timetable in a code block (`timetables`), paragraphs and
   bold lines, blocks between rules (`paragraphs`), prose naming a speaker and a title
   (`prose`, English and Japanese), slide embeds with a caption (`captions`) and MDX talk
   components (`components`). `units` finds the non-heading ones section by section.
2. **Speaker and title** of a unit: the heading rules (`heading_rules`, `heading_shapes`: an
   ordered, named table, first match wins) split `Title - Name`, `Title｜Name`, `Name「Title」`,
   `【Title】Name さん`, `Title @handle`, `🎤 Name — Title`, `10:00【16-C-1】Title Name 氏`,
   `Title by A and B`, `登壇者: @x / タイトル: Title`...; which side is a name is scored
   (`names.name_score` against `names.title_score`); a unit's first lines may name the speaker
   (`lead_speaker`: `By Jane Doe, Role @ Company`, `— Jane Doe, Role`, `[@x](…) さんの発表。`,
   `Jane a présenté…`, `Speaker: Name` over `Slides: …`); list items read `- **Name**: Title`,
   `王磊：《Title》`, and lose a later line labelling a link (`スライド → URL`, `Folien → URL`)
   to the item's links (`item_rules`, `lists`). Whichever rule split them, `tidy` has the last
   word on both sides (a URL, a talk label, quotes around the whole title).
3. **Sibling regularity**: talks are the repeated units of one shape. The talk level is the
   heading level its headings' notation and bodies back (`headings.choose_level`); a heading
   left unsplit splits the way its siblings do and a labelled speaker outranks a guessed one
   (`layout`); paragraph talks count only as a run of two or more; a speakerless link list
   beside talks that all name their speaker, and a closing prose section after such talks
   (`My take`), are left out (`confidence`).
4. **One documented score** (`confidence.TALK_FEATURES`: speaker, title, link kind, notation,
   notes) per talk, the post's confidence from it, and the decision: below
   `confidence.POST_THRESHOLD` the talks are not posted (`Post.talks_posted`).

`layout.lay_out` runs steps 1-3 over a post's blocks into a `parts.Layout`; `confidence.judge`
runs step 4 on the built talks. What was left out and why lands in `Post.left_out`.
"""

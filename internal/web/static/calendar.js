// calendar.js: filled below

// Tests come with the reader (issue 4).

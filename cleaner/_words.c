/* The word and token counts of `cleaner.features` (`_text_stats`, `vocabulary_words`, `_token_overlaps`) and
 * `cleaner.chars` (`text_counts`, `joined_tokens`), and the unsafe-character scan of `cleaner.decode.sanitize`,
 * compiled:
 * one pass over each block's characters instead of a list of words per block and a Python call
 * per word. Also steps of `cleaner.features` that numpy needs many small calls for (see their section).
 *
 * Words are what `str.split()` returns, title case is `str.istitle()`, tokens are what the regex
 * `\w+` finds, and words are looked up in the same sets as in Python: the counts are the same.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* Py_UNICODE_ISUPPER and its kin look each code point up in Unicode's tables, a call apiece (several
 * for \w); nearly all characters of a page lie in the BMP, so their answers are copied into this
 * table once, at import (`PyInit__words`, about a millisecond). */
enum { UPPER = 1, TITLE = 2, LOWER = 4, WORD = 8, SPACE = 16 }; /* WORD: \w, alphanumeric or "_" */
static unsigned char bmp_classes[0x10000];

static inline int
has_class(Py_UCS4 ch, int class)
{
    if (ch < 0x10000)
        return bmp_classes[ch] & class;
    switch (class) {
    case UPPER:
        return Py_UNICODE_ISUPPER(ch);
    case TITLE:
        return Py_UNICODE_ISTITLE(ch);
    case LOWER:
        return Py_UNICODE_ISLOWER(ch);
    case SPACE:
        return Py_UNICODE_ISSPACE(ch);
    default:
        return Py_UNICODE_ISALNUM(ch) || ch == '_';
    }
}

/* Runs call (a call whose first argument is `kind_`) with kind_ the constant `kind` is: the compiler then
 * drops PyUnicode_READ's test of the width at every character. */
#define for_kind(kind, call)                                                                                         \
    do {                                                                                                             \
        if ((kind) == PyUnicode_1BYTE_KIND) {                                                                        \
            const int kind_ = PyUnicode_1BYTE_KIND;                                                                  \
            call;                                                                                                    \
        } else if ((kind) == PyUnicode_2BYTE_KIND) {                                                                 \
            const int kind_ = PyUnicode_2BYTE_KIND;                                                                  \
            call;                                                                                                    \
        } else {                                                                                                     \
            const int kind_ = PyUnicode_4BYTE_KIND;                                                                  \
            call;                                                                                                    \
        }                                                                                                            \
    } while (0)

/* str.istitle() of text[start:end] (a non-empty word), as CPython computes it. */
static inline int
is_title(int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    if (end - start == 1) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, start);
        return has_class(ch, TITLE) || has_class(ch, UPPER);
    }
    int cased = 0, previous_is_cased = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (has_class(ch, UPPER) || has_class(ch, TITLE)) {
            if (previous_is_cased)
                return 0;
            previous_is_cased = cased = 1;
        } else if (has_class(ch, LOWER)) {
            if (!previous_is_cased)
                return 0;
            previous_is_cased = cased = 1;
        } else
            previous_is_cased = 0;
    }
    return cased;
}

/* Calls found(word_start, word_end) for each str.split() word of text; -1 on error. */
#define FOR_EACH_WORD(text, kind, data, start, end, body)                                                            \
    do {                                                                                                             \
        Py_ssize_t n_ = PyUnicode_GET_LENGTH(text), i_ = 0;                                                          \
        while (i_ < n_) {                                                                                            \
            while (i_ < n_ && has_class(PyUnicode_READ(kind, data, i_), SPACE))                                      \
                i_++;                                                                                                \
            if (i_ == n_)                                                                                            \
                break;                                                                                               \
            Py_ssize_t start = i_;                                                                                   \
            while (i_ < n_ && !has_class(PyUnicode_READ(kind, data, i_), SPACE))                                     \
                i_++;                                                                                                \
            Py_ssize_t end = i_;                                                                                     \
            body                                                                                                     \
        }                                                                                                            \
    } while (0)

/* A set of words to look words up in. Making a str of a word to look it up in the set costs far more than
 * reading it, and most words of a page are in no vocabulary: where every member is an exact str, its members
 * are also chained by a hash of (length, first character, last character), and a word is compared with the
 * few members of its chain, character by character, without a str made or hashed. */
enum { SLOTS = 4096 };
typedef struct {
    PyObject *set;
    Py_ssize_t longest; /* no member is longer */
    int chained;        /* every member is an exact str (a subclass may compare as it likes): chains answer */
    int32_t first[SLOTS];
    int32_t *next;      /* per member: the next member of its chain, -1 at the end */
    PyObject **members; /* borrowed: the set holds them, and no Python code runs while they are read */
} vocabulary_t;

static inline unsigned
chain_slot(Py_ssize_t length, Py_UCS4 first, Py_UCS4 last)
{
    uint32_t key = ((uint32_t)length * 0x01000193u ^ first) * 0x01000193u ^ last;
    return (key * 0x9E3779B1u) >> (32 - 12); /* 12 bits: SLOTS */
}

static void
vocabulary_release(vocabulary_t *v)
{
    PyMem_Free(v->next);
    PyMem_Free(v->members);
    v->next = NULL;
    v->members = NULL;
}

/* Fills v from set (any set or frozenset); -1 on error (v then holds nothing to release). */
static int
vocabulary_init(vocabulary_t *v, PyObject *set, Py_ssize_t longest)
{
    Py_ssize_t size = PySet_GET_SIZE(set);
    v->set = set;
    v->longest = longest;
    v->chained = size < INT32_MAX;
    memset(v->first, 0xff, sizeof(v->first)); /* -1: no member */
    v->next = PyMem_Malloc((size + 1) * sizeof(int32_t));
    v->members = PyMem_Malloc((size + 1) * sizeof(PyObject *));
    PyObject *members = v->next && v->members ? PyObject_GetIter(set) : NULL, *member;
    if (members == NULL) {
        vocabulary_release(v);
        return PyErr_Occurred() ? -1 : (PyErr_NoMemory(), -1);
    }
    int32_t count = 0;
    while ((member = PyIter_Next(members)) != NULL) {
        if (!PyUnicode_CheckExact(member) || count == size)
            v->chained = 0;
        else if (PyUnicode_GET_LENGTH(member) > 0) {
            int kind = PyUnicode_KIND(member);
            const void *data = PyUnicode_DATA(member);
            Py_ssize_t length = PyUnicode_GET_LENGTH(member);
            unsigned slot = chain_slot(length, PyUnicode_READ(kind, data, 0), PyUnicode_READ(kind, data, length - 1));
            v->members[count] = member;
            v->next[count] = v->first[slot];
            v->first[slot] = count++;
        }
        Py_DECREF(member);
    }
    Py_DECREF(members);
    if (PyErr_Occurred()) {
        vocabulary_release(v);
        return -1;
    }
    return 0;
}

/* 1 if text[start:end] (not empty) is in v, 0 if not, -1 on error. */
static inline int
substring_in(PyObject *text, int kind, const void *data, Py_ssize_t start, Py_ssize_t end, const vocabulary_t *v)
{
    Py_ssize_t length = end - start;
    if (length > v->longest)
        return 0;
    if (v->chained) {
        unsigned slot = chain_slot(length, PyUnicode_READ(kind, data, start), PyUnicode_READ(kind, data, end - 1));
        for (int32_t m = v->first[slot]; m >= 0; m = v->next[m]) {
            PyObject *member = v->members[m];
            if (PyUnicode_GET_LENGTH(member) != length)
                continue;
            int member_kind = PyUnicode_KIND(member);
            const void *member_data = PyUnicode_DATA(member);
            Py_ssize_t i = 0;
            while (i < length && PyUnicode_READ(member_kind, member_data, i) == PyUnicode_READ(kind, data, start + i))
                i++;
            if (i == length)
                return 1;
        }
        return 0;
    }
    PyObject *word = PyUnicode_Substring(text, start, end);
    int found = word ? PySet_Contains(v->set, word) : -1;
    Py_XDECREF(word);
    return found;
}

/* How many str.split() words of text (its `kind` and `data`) are in v, counted up to `enough` (no further word
 * is read); -1 on error. Called through for_kind. */
static inline long long
words_in(int kind, PyObject *text, const void *data, const vocabulary_t *v, long long enough)
{
    long long hits = 0;
    FOR_EACH_WORD(text, kind, data, start, end, {
        if (hits >= enough)
            break;
        int found = substring_in(text, kind, data, start, end, v);
        if (found < 0)
            return -1;
        hits += found;
    });
    return hits;
}

/* row[0], row[1] and row[3] of word_row for one text: its words, title-case words and words of at most three
 * characters; -1 on error. With `lower` (the text lower-cased, both ASCII: the same words at the same places),
 * also row[2], its words in v, in the same pass. Called through for_kind. */
static inline int
split_counts(int kind, PyObject *text, const void *data, PyObject *lower, const vocabulary_t *v, long long *row)
{
    long long words = 0, title = 0, short_words = 0, hits = 0;
    FOR_EACH_WORD(text, kind, data, start, end, {
        words++;
        title += is_title(kind, data, start, end);
        short_words += end - start <= 3;
        if (lower != NULL) {
            int found = substring_in(lower, PyUnicode_1BYTE_KIND, PyUnicode_DATA(lower), start, end, v);
            if (found < 0)
                return -1;
            hits += found;
        }
    });
    row[0] = words;
    row[1] = title;
    row[3] = short_words;
    if (lower != NULL)
        row[2] = hits;
    return 0;
}

/* One text's row of word counts (`features._word_stats`): its words, title-case words, function words (words of
 * lower, its str.lower(), in v) and words of at most three characters; -1 on error. */
static int
word_row(PyObject *text, PyObject *lower, const vocabulary_t *v, long long *row)
{
    int one_pass = PyUnicode_IS_ASCII(text) && PyUnicode_IS_ASCII(lower) &&
                   PyUnicode_GET_LENGTH(text) == PyUnicode_GET_LENGTH(lower);
    int failed;
    for_kind(PyUnicode_KIND(text),
             failed = split_counts(kind_, text, PyUnicode_DATA(text), one_pass ? lower : NULL, v, row));
    if (!one_pass && !failed)
        for_kind(PyUnicode_KIND(lower),
                 failed = (row[2] = words_in(kind_, lower, PyUnicode_DATA(lower), v, LLONG_MAX)) < 0);
    return failed ? -1 : 0;
}

/* Fills one text's row of out; -1 (with an exception set) on error. */
typedef int (*row_counter)(PyObject *text, const vocabulary_t *vocabulary, long long *row);

/* word_hits_upto and token_hits: arguments (texts, vocabulary, longest, out), `width` int64 per text in out. */
static PyObject *
count_rows(PyObject *args, const char *name, Py_ssize_t width, row_counter count)
{
    PyObject *texts, *set;
    Py_ssize_t longest;
    Py_buffer out;
    if (!PyArg_ParseTuple(args, "O!Onw*", &PyList_Type, &texts, &set, &longest, &out))
        return NULL;
    vocabulary_t vocabulary = {0};
    Py_ssize_t n = PyList_GET_SIZE(texts);
    long long *counts = out.buf;
    if (!PyAnySet_Check(set) || out.len != n * width * (Py_ssize_t)sizeof(long long)) {
        PyErr_Format(PyExc_ValueError, "%s: vocabulary must be a set, out %zd int64 per text", name, width);
        goto error;
    }
    if (vocabulary_init(&vocabulary, set, longest) < 0)
        goto error;
    for (Py_ssize_t b = 0; b < n; b++) {
        PyObject *text = PyList_GET_ITEM(texts, b);
        if (!PyUnicode_Check(text)) {
            PyErr_Format(PyExc_TypeError, "%s: texts must be a list of str", name);
            goto error;
        }
        if (count(text, &vocabulary, counts + width * b) < 0)
            goto error;
    }
    vocabulary_release(&vocabulary);
    PyBuffer_Release(&out);
    Py_RETURN_NONE;
error:
    vocabulary_release(&vocabulary);
    PyBuffer_Release(&out);
    return NULL;
}

/* row: on entry a cap, on return the text's words in vocabulary counted up to the cap. */
static int
count_words_upto(PyObject *text, const vocabulary_t *vocabulary, long long *row)
{
    for_kind(PyUnicode_KIND(text), row[0] = words_in(kind_, text, PyUnicode_DATA(text), vocabulary, row[0]));
    return row[0] < 0 ? -1 : 0;
}

/* row of count_tokens for text (its `kind` and `data`); -1 on error. Called through for_kind. */
static inline int
tokens_in(int kind, PyObject *text, const void *data, const vocabulary_t *vocabulary, long long *row)
{
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), i = 0;
    long long tokens = 0, hits = 0;
    while (i < length) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (!has_class(ch, WORD)) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (i < length && has_class(PyUnicode_READ(kind, data, i), WORD))
            i++;
        tokens++;
        int found = substring_in(text, kind, data, start, i, vocabulary);
        if (found < 0)
            return -1;
        hits += found;
    }
    row[0] = tokens;
    row[1] = hits;
    return 0;
}

/* row: the text's \w+ tokens (runs of alphanumerics and "_", as the regex finds them), and those in vocabulary. */
static int
count_tokens(PyObject *text, const vocabulary_t *vocabulary, long long *row)
{
    int result;
    for_kind(PyUnicode_KIND(text), result = tokens_in(kind_, text, PyUnicode_DATA(text), vocabulary, row));
    return result;
}

static PyObject *
word_hits_upto(PyObject *self, PyObject *args)
{
    return count_rows(args, "word_hits_upto", 1, count_words_upto);
}

static PyObject *
token_hits(PyObject *self, PyObject *args)
{
    return count_rows(args, "token_hits", 2, count_tokens);
}

/* Kana, CJK ideographs and hangul: what `cleaner.spam` counts as CJK (code points U+3040-U+9FFF, U+AC00-U+D7AF). */
static inline int
is_cjk(Py_UCS4 ch)
{
    return (ch >= 0x3040 && ch <= 0x9FFF) || (ch >= 0xAC00 && ch <= 0xD7AF);
}

/* One text's row of text_counts. Called with `kind` a constant (see for_kind), so that the
 * compiler drops PyUnicode_READ's test of the width at every character. */
static inline void
count_text(int kind, const void *data, Py_ssize_t length, long long *row)
{
    long long tokens = 0, words = 0, cjk = 0;
    Py_UCS4 last = 0;
    int in_token = 0, in_word = 0;
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        int word_char = has_class(ch, WORD) != 0;
        tokens += word_char && !in_token;
        in_token = word_char;
        int solid = !has_class(ch, SPACE);
        words += solid && !in_word;
        in_word = solid;
        if (solid)
            last = ch;
        cjk += is_cjk(ch);
    }
    row[0] = length;
    row[1] = tokens;
    row[2] = words;
    row[3] = last;
    row[4] = cjk;
}

/* One text's \w+ tokens joined by single spaces, written to out (room for the text's length);
 * returns how many characters were written. `kind` a constant, as for count_text. */
static inline Py_ssize_t
join_tokens(int kind, const void *data, Py_ssize_t length, void *out)
{
    Py_ssize_t written = 0;
    int in_token = 0;
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        int word_char = has_class(ch, WORD) != 0;
        if (word_char && !in_token && written > 0)
            PyUnicode_WRITE(kind, out, written++, ' ');
        if (word_char)
            PyUnicode_WRITE(kind, out, written++, ch);
        in_token = word_char;
    }
    return written;
}

/* Per text, into out (n x 5 int64): characters, \w+ tokens, str.split() words, the code point of the
 * last character of text.rstrip() (0 when blank) and CJK characters, in one pass over its characters. */
static PyObject *
text_counts(PyObject *self, PyObject *args)
{
    PyObject *texts;
    Py_buffer out;
    if (!PyArg_ParseTuple(args, "O!w*", &PyList_Type, &texts, &out))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(texts);
    long long *counts = out.buf;
    if (out.len != n * 5 * (Py_ssize_t)sizeof(long long)) {
        PyErr_SetString(PyExc_ValueError, "text_counts: out must hold 5 int64 per text");
        goto error;
    }
    for (Py_ssize_t b = 0; b < n; b++) {
        PyObject *text = PyList_GET_ITEM(texts, b);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "text_counts: texts must be a list of str");
            goto error;
        }
        const void *data = PyUnicode_DATA(text);
        Py_ssize_t length = PyUnicode_GET_LENGTH(text);
        for_kind(PyUnicode_KIND(text), count_text(kind_, data, length, counts + 5 * b));
    }
    PyBuffer_Release(&out);
    Py_RETURN_NONE;
error:
    PyBuffer_Release(&out);
    return NULL;
}

/* One text's class counts (`features._class_counts`): per bit of `table` (indexed by code point, U+FFFF's entry
 * for those above the BMP, as numpy's take(mode="clip") reads it), how many characters have it, then the entry
 * of the last character (0 for an empty text). `kind` a constant, as for count_text. */
static inline void
count_classes(int kind, const void *data, Py_ssize_t length, const unsigned char *table, long long *row)
{
    long long per_bit[8] = {0};
    unsigned char classes = 0;
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        classes = table[ch < 0xFFFF ? ch : 0xFFFF];
        for (int bit = 0; classes >> bit; bit++)
            per_bit[bit] += (classes >> bit) & 1;
    }
    for (int bit = 0; bit < 8; bit++)
        row[bit] = per_bit[bit];
    row[8] = length ? classes : 0;
}

/* Per text, a new list of str: its \w+ tokens joined by single spaces (" ".join(re.findall(r"\w+", text))). */
static PyObject *
joined_tokens(PyObject *self, PyObject *args)
{
    PyObject *texts;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &texts))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(texts);
    PyObject *joined = PyList_New(n);
    if (joined == NULL)
        return NULL;
    for (Py_ssize_t b = 0; b < n; b++) {
        PyObject *text = PyList_GET_ITEM(texts, b);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "joined_tokens: texts must be a list of str");
            goto error;
        }
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        Py_ssize_t length = PyUnicode_GET_LENGTH(text), written;
        /* The tokens and their separators, in the text's own width; PyUnicode_FromKindAndData then
         * stores them in the narrowest width, as every str of the same characters is stored. */
        void *buffer = PyMem_Malloc(length * kind + 1);
        if (buffer == NULL) {
            PyErr_NoMemory();
            goto error;
        }
        for_kind(kind, written = join_tokens(kind_, data, length, buffer));
        PyObject *tokens = PyUnicode_FromKindAndData(kind, buffer, written);
        PyMem_Free(buffer);
        if (tokens == NULL)
            goto error;
        PyList_SET_ITEM(joined, b, tokens);
    }
    return joined;
error:
    Py_DECREF(joined);
    return NULL;
}

/* Whether text[0:length], of characters of type T, holds a character XML refuses: a C0 control but
 * tab, newline and carriage return, a lone surrogate, U+FFFE or U+FFFF. A block at a time, without a
 * branch per character, in the text's own width: the compiler vectorises the block's loop. */
#define FIND_UNSAFE(T, data, length, found)                                                                          \
    do {                                                                                                             \
        const T *chars_ = (const T *)(data);                                                                         \
        (found) = 0;                                                                                                 \
        for (Py_ssize_t start_ = 0; start_ < (length) && !(found); start_ += 4096) {                                 \
            Py_ssize_t stop_ = (length) - start_ < 4096 ? (length) : start_ + 4096;                                  \
            T unsafe_ = 0;                                                                                           \
            for (Py_ssize_t i_ = start_; i_ < stop_; i_++) {                                                         \
                T ch_ = chars_[i_];                                                                                  \
                unsafe_ |= (ch_ < 0x20) & (ch_ != '\t') & (ch_ != '\n') & (ch_ != '\r');                              \
                if (sizeof(T) > 1)                                                                                   \
                    unsafe_ |= ((T)(ch_ - 0xD800u) < 0x800u) | ((T)(ch_ - 0xFFFEu) < 2u);                            \
            }                                                                                                        \
            (found) = unsafe_ != 0;                                                                                  \
        }                                                                                                            \
    } while (0)

/* has_unsafe(text): see find_unsafe (`cleaner.decode.sanitize` asks before it replaces anything). */
static PyObject *
has_unsafe(PyObject *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "has_unsafe: text must be a str");
        return NULL;
    }
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    int found;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        FIND_UNSAFE(Py_UCS1, data, length, found);
        break;
    case PyUnicode_2BYTE_KIND:
        FIND_UNSAFE(Py_UCS2, data, length, found);
        break;
    default:
        FIND_UNSAFE(Py_UCS4, data, length, found);
    }
    return PyBool_FromLong(found);
}

/* text == lower and text != text.upper(), lower being the text's str.lower(): 1 or 0; -1 on error. An ASCII
 * text has a lower-case letter exactly when its str.upper() differs; any other is asked its str.upper(). */
static int
is_all_lower(PyObject *text, PyObject *lower)
{
    if (text != lower) {
        int order = PyUnicode_Compare(text, lower);
        if (order != 0)
            return order == -1 && PyErr_Occurred() ? -1 : 0;
    }
    if (PyUnicode_IS_ASCII(text)) {
        const Py_UCS1 *chars = PyUnicode_1BYTE_DATA(text);
        for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(text); i++)
            if (chars[i] >= 'a' && chars[i] <= 'z')
                return 1;
        return 0;
    }
    PyObject *upper = PyObject_CallMethod(text, "upper", NULL);
    if (upper == NULL)
        return -1;
    int order = PyUnicode_Compare(text, upper);
    Py_DECREF(upper);
    return order == -1 && PyErr_Occurred() ? -1 : order != 0;
}

/* ---- Steps of `cleaner.features` that take numpy many small calls a page, each in one pass: the text
 * statistics (`_text_stats`), the containers' layout (`_Containers.of`), the features read from their totals
 * (`_container_features`, `_context_levels`), the flag bits (`_bits`) and the prose around each block
 * (`mass_around`). ---- */

/* A C-contiguous buffer of obj whose items are `format` ("d": float64, "q": int64, "?": bool, "B": uint8),
 * writable if asked; 0 with a TypeError otherwise. */
static int
array_of(PyObject *obj, Py_buffer *view, const char *format, int writable, const char *name)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0)) < 0)
        return 0;
    const char *got = view->format ? view->format : "B";
    if (*got == '<' || *got == '=' || *got == '@')
        got++;
    int wide = *format == 'q' || *format == 'd';
    int ok = strcmp(got, format) == 0 || (*format == 'q' && strcmp(got, "l") == 0); /* numpy's int64: "l" */
    if (ok && view->itemsize == (wide ? 8 : 1))
        return 1;
    PyErr_Format(PyExc_TypeError, "%s must be a contiguous array of %s", name,
                 *format == 'q' ? "int64" : *format == 'd' ? "float64" : *format == 'B' ? "uint8" : "bool");
    PyBuffer_Release(view);
    return 0;
}

/* Several arrays for array_of, released together. */
typedef struct {
    Py_buffer views[8];
    int got;
} Arrays;

static int
arrays_of(Arrays *arrays, PyObject **objects, const char *formats, int first_writable, const char *const *names)
{
    for (int i = 0; formats[i]; i++, arrays->got++) {
        char format[2] = {formats[i], 0};
        if (!array_of(objects[i], &arrays->views[i], format, i >= first_writable, names[i]))
            return 0;
    }
    return 1;
}

static void
release(Arrays *arrays)
{
    for (int i = 0; i < arrays->got; i++)
        PyBuffer_Release(&arrays->views[i]);
}

/* The end of a function of this section: memory (PyMem) freed, arrays released, None returned unless an
 * exception is set. */
static PyObject *
finish(Arrays *arrays, void *memory)
{
    PyMem_Free(memory);
    release(arrays);
    if (PyErr_Occurred())
        return NULL;
    Py_RETURN_NONE;
}

/* np.maximum(a, b): a NaN wins. */
static inline double
maximum(double a, double b)
{
    return a >= b || a != a ? a : b;
}

/* text_stats(texts, lowers, stopwords, longest_stopword, table, out, column): `features._text_stats` into
 * out (blocks x width float64) from column on, its thirteen columns in the order of `_TEXT_STATS`: per text
 * (lowers: their str.lower()), its word_row (function words: of stopwords, a frozenset whose longest word has
 * longest_stopword characters), its count_classes by table (65536 uint8) and is_all_lower. The bits of table
 * are those `features` names, in its order: a sentence end, a comma, a separator, a digit, a CJK character, a
 * CJK particle and a terminal character. */
static PyObject *
text_stats(PyObject *self, PyObject *args)
{
    PyObject *texts, *lowers, *stopwords, *objects[2];
    static const char *const names[] = {"table", "out"};
    Py_ssize_t longest, column;
    vocabulary_t vocabulary = {0};
    Arrays arrays = {.got = 0};
    if (!PyArg_ParseTuple(args, "O!O!O!nOOn", &PyList_Type, &texts, &PyList_Type, &lowers, &PyFrozenSet_Type,
                          &stopwords, &longest, &objects[0], &objects[1], &column) ||
        !arrays_of(&arrays, objects, "Bd", 1, names))
        goto done;
    Py_buffer *views = arrays.views;
    Py_ssize_t n = PyList_GET_SIZE(texts), width = n ? views[1].len / 8 / n : 0;
    if (!(PyList_GET_SIZE(lowers) == n && views[0].len == 0x10000 && views[1].len == 8 * n * width && 0 <= column &&
          (n == 0 || column <= width - 13))) {
        PyErr_SetString(PyExc_ValueError, "text_stats: one lower per text, a table of 65536 entries and 13 columns "
                                          "within out");
        goto done;
    }
    if (vocabulary_init(&vocabulary, stopwords, longest) < 0)
        goto done;
    enum { SENTENCE_END, COMMA, SEPARATOR, DIGIT, CJK, PARTICLE, TERMINAL };
    for (Py_ssize_t b = 0; b < n; b++) {
        PyObject *text = PyList_GET_ITEM(texts, b), *lower = PyList_GET_ITEM(lowers, b);
        if (!PyUnicode_CheckExact(text) || !PyUnicode_CheckExact(lower)) { /* str's own upper(): no Python code */
            PyErr_SetString(PyExc_TypeError, "text_stats: texts and lowers must be lists of str");
            goto done;
        }
        long long words[4] = {0}, classes[9], length = PyUnicode_GET_LENGTH(text);
        int lower_case;
        if (word_row(text, lower, &vocabulary, words) < 0 || (lower_case = is_all_lower(text, lower)) < 0)
            goto done;
        for_kind(PyUnicode_KIND(text), count_classes(kind_, PyUnicode_DATA(text), length, views[0].buf, classes));
        double per_word = (double)(words[0] > 1 ? words[0] : 1), *row = (double *)views[1].buf + b * width + column;
        row[0] = (double)length;
        row[1] = (double)words[0];
        for (int i = 1; i < 4; i++) /* title case, function words, short words: per word */
            row[1 + i] = (double)words[i] / per_word;
        row[5] = (double)classes[SENTENCE_END];
        row[6] = (double)classes[COMMA] / per_word;
        row[7] = (double)((classes[8] >> TERMINAL) & 1); /* the class of the last character */
        row[8] = (double)lower_case;
        row[9] = (double)classes[SEPARATOR] / per_word;
        row[10] = (double)classes[DIGIT] / (double)length; /* NaN for an empty text, as numpy's 0 / 0 */
        row[11] = (double)classes[CJK] / (double)length;
        row[12] = (double)classes[PARTICLE] / (double)(classes[CJK] > 1 ? classes[CJK] : 1);
    }
done:
    vocabulary_release(&vocabulary);
    return finish(&arrays, NULL);
}

/* container_layout(ancestors, steps, flat, owner, level_has, level_ids) -> containers: the ids of ancestors
 * (a list of tuples, outermost first) into flat and the block of each into owner (both int64, as many as the
 * ids); per block and step s of steps (int64, > 0), whether it has an ancestor s steps up (1: its innermost)
 * into level_has (blocks x steps bool) and that ancestor's id (0 if none) into level_ids (blocks x steps
 * int64). Returns the largest id + 1 (1 if none): how many containers there are. */
static PyObject *
container_layout(PyObject *self, PyObject *args)
{
    PyObject *ancestors, *objects[5], *result = NULL;
    static const char *const names[] = {"steps", "flat", "owner", "level_has", "level_ids"};
    Arrays arrays = {.got = 0};
    if (!PyArg_ParseTuple(args, "O!OOOOO", &PyList_Type, &ancestors, &objects[0], &objects[1], &objects[2],
                          &objects[3], &objects[4]) ||
        !arrays_of(&arrays, objects, "qqq?q", 1, names))
        goto done;
    Py_buffer *views = arrays.views;
    const long long *steps = views[0].buf;
    long long *flat = views[1].buf, *owner = views[2].buf, *level_ids = views[4].buf, largest = 0;
    unsigned char *level_has = views[3].buf;
    Py_ssize_t n = PyList_GET_SIZE(ancestors), levels = views[0].len / 8, room = views[1].len / 8, filled = 0;
    int ok = views[2].len == views[1].len && views[3].len == n * levels && views[4].len == 8 * n * levels;
    for (Py_ssize_t l = 0; ok && l < levels; l++)
        ok = steps[l] > 0;
    if (!ok) {
        PyErr_SetString(PyExc_ValueError, "container_layout: steps must be > 0, owner as long as flat, and "
                                          "level_has and level_ids one row of len(steps) per block");
        goto done;
    }
    for (Py_ssize_t b = 0; b < n; b++) {
        PyObject *chain = PyList_GET_ITEM(ancestors, b); /* a tuple of ints: reading it runs no Python code */
        if (!PyTuple_Check(chain)) {
            PyErr_SetString(PyExc_TypeError, "container_layout: ancestors must be tuples");
            goto done;
        }
        Py_ssize_t length = PyTuple_GET_SIZE(chain);
        if (length > room - filled) {
            PyErr_SetString(PyExc_ValueError, "container_layout: flat must hold exactly the ancestors' ids");
            goto done;
        }
        for (Py_ssize_t i = 0; i < length; i++, filled++) {
            PyObject *item = PyTuple_GET_ITEM(chain, i);
            if (!PyLong_Check(item)) { /* an int needs no __index__: no Python code runs inside the loop */
                PyErr_SetString(PyExc_TypeError, "container_layout: container ids must be ints");
                goto done;
            }
            long long id = PyLong_AsLongLong(item);
            if (id < 0) {
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_ValueError, "container_layout: container ids must be >= 0");
                goto done;
            }
            flat[filled] = id;
            owner[filled] = b;
            largest = id > largest ? id : largest;
        }
        for (Py_ssize_t l = 0; l < levels; l++) {
            level_has[b * levels + l] = length >= steps[l];
            level_ids[b * levels + l] = length >= steps[l] ? flat[filled - steps[l]] : 0;
        }
    }
    if (filled != room)
        PyErr_SetString(PyExc_ValueError, "container_layout: flat must hold exactly the ancestors' ids");
    else
        result = PyLong_FromLongLong(largest + 1);
done:
    release(&arrays);
    return result;
}

/* Per container, the sum of each row of per_block (rows x blocks) over the blocks inside it, into sums (rows x
 * containers, from zero): each block adds to its ancestors' entries in flat (lengths: how many a block), in
 * order, as numpy's bincount over the flattened ancestors adds. */
static void
sum_over_containers(const long long *flat, const long long *lengths, Py_ssize_t n, const double *per_block,
                    Py_ssize_t rows, Py_ssize_t size, double *sums)
{
    for (Py_ssize_t b = 0, e = 0; b < n; b++)
        for (Py_ssize_t i = 0; i < lengths[b]; i++, e++)
            for (Py_ssize_t r = 0; r < rows; r++)
                sums[r * size + flat[e]] += per_block[r * n + b];
}

/* The container features of `features._container_features`, its numpy steps one by one (the same sums in
 * the same order, the same comparisons): see there for what they mean. Per-container sums in `sums`
 * (7 x containers, from zero). */
static void
container_marks(const long long *flat, const long long *lengths, const long long *level_ids,
                const unsigned char *level_has, const double *per_block, Py_ssize_t n, Py_ssize_t levels,
                Py_ssize_t size, Py_ssize_t parent, Py_ssize_t grandparent, double page_chars, double page_good,
                double *out, Py_ssize_t width, double *marks, double *sums)
{
    const double *good = per_block + 2 * n, *score = per_block + 3 * n;
    double *sum_chars = sums, *sum_links = sums + size, *sum_good = sums + 2 * size, *sum_blocks = sums + 3 * size;
    double *depth = sums + 4 * size, *parents = sums + 5 * size, *grandparents = sums + 6 * size;
    double *dominant = marks, *in_top = marks + n, *best_share = marks + 2 * n;
    int any_good = 0;
    sum_over_containers(flat, lengths, n, per_block, 3, size, sums); /* chars, links, good: as many rows */
    for (Py_ssize_t b = 0, e = 0; b < n; b++) {
        for (Py_ssize_t i = 0; i < lengths[b]; i++, e++) {
            sum_blocks[flat[e]] += 1.0;
            depth[flat[e]] = (double)i;
        }
        if (level_has[b * levels + parent])
            parents[level_ids[b * levels + parent]] += score[b];
        if (level_has[b * levels + grandparent])
            grandparents[level_ids[b * levels + grandparent]] += score[b];
        any_good |= good[b] != 0.0;
    }
    /* The dominant container: the deepest of those holding half the good text, the first of equals. */
    Py_ssize_t best = -1;
    for (Py_ssize_t c = 0; c < size; c++)
        if (sum_good[c] >= 0.5 * page_good && (best < 0 || depth[c] > depth[best]))
            best = c;
    /* Readability's candidate, into `parents`; the top one as np.argmax finds it (the first NaN, else the first
     * of the largest). */
    double *candidate = parents;
    Py_ssize_t top = 0;
    for (Py_ssize_t c = 0; c < size; c++) {
        candidate[c] = 0.0 + 1.0 * parents[c];
        candidate[c] += 0.5 * grandparents[c];
        candidate[c] *= 1 - sum_links[c] / maximum(sum_chars[c], 1);
        if (candidate[top] == candidate[top] && !(candidate[c] <= candidate[top]))
            top = c;
    }
    double top_score = candidate[top], scale = 1e-9 > top_score ? 1e-9 : top_score; /* Python's max() */
    for (Py_ssize_t b = 0, e = 0; b < n; b++) {
        dominant[b] = in_top[b] = best_share[b] = 0.0;
        for (Py_ssize_t i = 0; i < lengths[b]; i++, e++) {
            dominant[b] += best >= 0 && any_good && flat[e] == best;
            in_top[b] += top_score > 0 && flat[e] == top;
            best_share[b] = maximum(best_share[b], candidate[flat[e]] / scale);
        }
        for (Py_ssize_t l = 0; l < levels; l++) {
            int has = level_has[b * levels + l];
            long long id = level_ids[b * levels + l];
            double level_chars = has ? sum_chars[id] : 0.0, *row = out + b * width + 5 * l;
            row[0] = level_chars;
            row[1] = has ? sum_links[id] / maximum(level_chars, 1) : -1.0;
            row[2] = level_chars / page_chars;
            row[3] = (has ? sum_good[id] : 0.0) / page_good;
            row[4] = has ? sum_blocks[id] : 0.0;
        }
    }
}

/* Whether views 0 to 3 (flat, lengths, level_ids, level_has, as `_Containers` holds them) describe blocks
 * whose ancestors are the runs of flat, with ids below size; their levels a block into *levels. */
static int
tree_ok(const Py_buffer *views, Py_ssize_t size, Py_ssize_t *levels)
{
    const long long *flat = views[0].buf, *lengths = views[1].buf, *level_ids = views[2].buf;
    Py_ssize_t n = views[1].len / 8, entries = views[0].len / 8, total = 0;
    *levels = n ? views[3].len / n : 0;
    int ok = size > 0 && views[2].len == 8 * views[3].len && views[3].len == n * *levels;
    for (Py_ssize_t b = 0; ok && b < n; b++) {
        ok = lengths[b] >= 0 && lengths[b] <= entries - total;
        total += ok ? lengths[b] : 0;
    }
    ok = ok && total == entries;
    for (Py_ssize_t e = 0; ok && e < entries; e++)
        ok = flat[e] >= 0 && flat[e] < size;
    for (Py_ssize_t i = 0; ok && i < n * *levels; i++)
        ok = level_ids[i] >= 0 && level_ids[i] < size;
    return ok;
}

/* container_features(flat, lengths, level_ids, level_has, per_block, containers, parent, grandparent,
 * page_chars, page_good, out, column, marks): see container_marks; the arrays as `_Containers` holds them,
 * per_block (4 x blocks float64: chars, link chars, good chars, paragraph score), out the page's matrix
 * (blocks x width float64; written from column on: five stats a level, the first and last before their
 * log1p), marks (3 x blocks float64: dominant, in the top candidate, share of the best candidate). */
static PyObject *
container_features(PyObject *self, PyObject *args)
{
    PyObject *objects[7];
    static const char *const names[] = {"flat", "lengths", "level_ids", "level_has", "per_block", "out", "marks"};
    Py_ssize_t size, parent, grandparent, column, levels;
    double page_chars, page_good, *sums = NULL;
    Arrays arrays = {.got = 0};
    if (!PyArg_ParseTuple(args, "OOOOOnnnddOnO", &objects[0], &objects[1], &objects[2], &objects[3], &objects[4],
                          &size, &parent, &grandparent, &page_chars, &page_good, &objects[5], &column, &objects[6]) ||
        !arrays_of(&arrays, objects, "qqq?ddd", 5, names))
        goto done;
    Py_buffer *views = arrays.views;
    Py_ssize_t n = views[1].len / 8, width = n ? views[5].len / 8 / n : 0;
    if (!tree_ok(views, size, &levels) || !(0 <= parent && parent < levels && 0 <= grandparent &&
                                             grandparent < levels && views[4].len == 4 * 8 * n &&
                                             views[5].len == 8 * n * width && 0 <= column &&
                                             column <= width - 5 * levels && views[6].len == 3 * 8 * n)) {
        PyErr_SetString(PyExc_ValueError, "container_features: arrays of other sizes, or an id or level out of range");
        goto done;
    }
    if ((sums = PyMem_Calloc(7 * (size_t)size, sizeof(double))) == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    container_marks(views[0].buf, views[1].buf, views[2].buf, views[3].buf, views[4].buf, n, levels, size, parent,
                    grandparent, page_chars, page_good, (double *)views[5].buf + column, width, views[6].buf, sums);
done:
    return finish(&arrays, sums);
}

/* context_levels(flat, lengths, level_ids, level_has, per_block, containers, page_sure, out, column): the
 * container columns of `features.score_context` (its `_context_levels`) into out (blocks x width float64) from
 * column on: per level, the containers' mean score (-1 where a block has none), then per level their share of
 * the page's sure body (-1 where none, or no sure body). per_block (3 x blocks float64): score x chars, chars,
 * sure-body chars; page_sure: the sum of the last. */
static PyObject *
context_levels(PyObject *self, PyObject *args)
{
    PyObject *objects[6];
    static const char *const names[] = {"flat", "lengths", "level_ids", "level_has", "per_block", "out"};
    Py_ssize_t size, column, levels;
    double page_sure, *sums = NULL;
    Arrays arrays = {.got = 0};
    if (!PyArg_ParseTuple(args, "OOOOOndOn", &objects[0], &objects[1], &objects[2], &objects[3], &objects[4], &size,
                          &page_sure, &objects[5], &column) ||
        !arrays_of(&arrays, objects, "qqq?dd", 5, names))
        goto done;
    Py_buffer *views = arrays.views;
    Py_ssize_t n = views[1].len / 8, width = n ? views[5].len / 8 / n : 0;
    if (!tree_ok(views, size, &levels) ||
        !(views[4].len == 3 * 8 * n && views[5].len == 8 * n * width && 0 <= column && column <= width - 2 * levels)) {
        PyErr_SetString(PyExc_ValueError, "context_levels: arrays of other sizes, or an id out of range");
        goto done;
    }
    if ((sums = PyMem_Calloc(3 * (size_t)size, sizeof(double))) == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    const long long *level_ids = views[2].buf;
    const unsigned char *level_has = views[3].buf;
    double *weighted = sums, *weight = sums + size, *sure = sums + 2 * size, *matrix = views[5].buf;
    double scale = 1 > page_sure ? 1.0 : page_sure; /* Python's max(page_sure, 1) */
    sum_over_containers(views[0].buf, views[1].buf, n, views[4].buf, 3, size, sums);
    for (Py_ssize_t b = 0; b < n; b++)
        for (Py_ssize_t l = 0; l < levels; l++) {
            int has = level_has[b * levels + l];
            long long id = level_ids[b * levels + l];
            double *row = matrix + b * width + column;
            row[l] = has ? weighted[id] / maximum(weight[id], 1) : -1.0;
            row[levels + l] = has && page_sure > 0 ? sure[id] / scale : -1.0;
        }
done:
    return finish(&arrays, sums);
}

/* flag_bits(flag_lists, widths, out, column): the low widths[i] bits of each int of flag_lists[i] (a tuple of
 * lists, one int a block, as int64 in two's complement), 1.0 or 0.0, list after list, into the columns of out
 * (blocks x width float64) from column on: `features._bits` straight into the page's matrix. */
static PyObject *
flag_bits(PyObject *self, PyObject *args)
{
    PyObject *lists, *widths, *objects[1];
    static const char *const names[] = {"out"};
    Py_ssize_t column;
    Arrays arrays = {.got = 0};
    if (!PyArg_ParseTuple(args, "O!O!On", &PyTuple_Type, &lists, &PyTuple_Type, &widths, &objects[0], &column) ||
        !arrays_of(&arrays, objects, "d", 0, names))
        goto done;
    Py_ssize_t count = PyTuple_GET_SIZE(lists), n = count ? PyObject_Length(PyTuple_GET_ITEM(lists, 0)) : 0;
    Py_ssize_t width = n > 0 ? arrays.views[0].len / 8 / n : 0, used = column;
    int ok = n >= 0 && PyTuple_GET_SIZE(widths) == count && arrays.views[0].len == 8 * n * width && column >= 0 &&
             (n == 0 || column <= width);
    for (Py_ssize_t i = 0; ok && i < count; i++) {
        Py_ssize_t bits = PyLong_AsSsize_t(PyTuple_GET_ITEM(widths, i));
        ok = bits >= 0 && bits <= 64 && (n == 0 || bits <= width - used) &&
             PyObject_Length(PyTuple_GET_ITEM(lists, i)) == n;
        used += ok ? bits : 0;
    }
    if (!ok) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "flag_bits: one width (0 to 64) per list, lists of one int a block, "
                                              "and the bits within out");
        goto done;
    }
    double *matrix = arrays.views[0].buf;
    for (Py_ssize_t i = 0, start = column; i < count; i++) {
        Py_ssize_t bits = PyLong_AsSsize_t(PyTuple_GET_ITEM(widths, i));
        PyObject *flags = PySequence_Fast(PyTuple_GET_ITEM(lists, i), "flag_bits: flag_lists must hold lists");
        if (flags == NULL)
            goto done;
        if (PySequence_Fast_GET_SIZE(flags) != n)
            PyErr_SetString(PyExc_ValueError, "flag_bits: lists of one int a block");
        for (Py_ssize_t b = 0; b < n && !PyErr_Occurred(); b++) {
            PyObject *item = PySequence_Fast_GET_ITEM(flags, b);
            if (!PyLong_Check(item)) { /* an int needs no __index__: no Python code runs inside the loop */
                PyErr_SetString(PyExc_TypeError, "flag_bits: flags must be ints");
                break;
            }
            unsigned long long value = (unsigned long long)PyLong_AsLongLong(item);
            for (Py_ssize_t k = 0; k < bits; k++)
                matrix[b * width + start + k] = (double)((value >> k) & 1);
        }
        Py_DECREF(flags);
        if (PyErr_Occurred())
            goto done;
        start += bits;
    }
done:
    return finish(&arrays, NULL);
}

/* mass_around(good, total, out): `features.mass_around` before its log1p, into out (3 x blocks float64): per block
 * of good (blocks float64), the sum of good before it and after it (numpy's cumsum order), each over total, and
 * the distance in blocks to the nearest non-zero entry (-1 everywhere when there is none). */
static PyObject *
mass_around(PyObject *self, PyObject *args)
{
    PyObject *objects[2];
    static const char *const names[] = {"good", "out"};
    double total;
    Arrays arrays = {.got = 0};
    if (!PyArg_ParseTuple(args, "OdO", &objects[0], &total, &objects[1]) ||
        !arrays_of(&arrays, objects, "dd", 1, names))
        goto done;
    Py_ssize_t n = arrays.views[0].len / 8, last = -1;
    const double *good = arrays.views[0].buf;
    double *before = arrays.views[1].buf, *after = before + n, *distance = before + 2 * n, sum = 0.0;
    if (arrays.views[1].len != 3 * 8 * n) {
        PyErr_SetString(PyExc_ValueError, "mass_around: out must hold 3 rows of len(good)");
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) { /* forwards: the sum before, the distance to the last non-zero entry */
        sum += good[i];
        before[i] = (sum - good[i]) / total;
        last = good[i] != 0.0 ? i : last;
        distance[i] = last >= 0 ? (double)(i - last) : -1.0;
    }
    sum = 0.0, last = -1;
    for (Py_ssize_t i = n - 1; i >= 0; i--) { /* backwards: the sum after, and the next non-zero entry if nearer */
        sum += good[i];
        after[i] = (sum - good[i]) / total;
        last = good[i] != 0.0 ? i : last;
        if (last >= 0 && (distance[i] < 0 || last - i < distance[i]))
            distance[i] = (double)(last - i);
    }
done:
    return finish(&arrays, NULL);
}

static PyMethodDef methods[] = {
    {"word_hits_upto", word_hits_upto, METH_VARARGS,
     "word_hits_upto(texts, vocabulary, longest, out)\n"
     "Per text, in out (n int64): a cap on entry; on return, how many of its words are in vocabulary, counted "
     "up to the cap."},
    {"token_hits", token_hits, METH_VARARGS,
     "token_hits(lowers, vocabulary, longest, out)\n"
     "Per text, into out (n x 2 int64): its \\w+ tokens, and how many are in vocabulary (no longer than longest)."},
    {"text_counts", text_counts, METH_VARARGS,
     "text_counts(texts, out)\n"
     "Per text, into out (n x 5 int64): characters, \\w+ tokens, str.split() words, last non-space code point "
     "(0 if none), CJK characters."},
    {"joined_tokens", joined_tokens, METH_VARARGS,
     "joined_tokens(texts)\n"
     "Per text: its \\w+ tokens joined by single spaces, as a new list."},
    {"has_unsafe", has_unsafe, METH_O,
     "has_unsafe(text)\n"
     "Whether text holds a character XML refuses: a C0 control but tab, newline and CR, a lone surrogate, "
     "U+FFFE or U+FFFF."},
    /* steps of cleaner.features */
    {"text_stats", text_stats, METH_VARARGS,
     "text_stats(texts, lowers, stopwords, longest_stopword, table, out, column)\n"
     "features._text_stats into out from column on (see _words.c)."},
    {"container_layout", container_layout, METH_VARARGS,
     "container_layout(ancestors, steps, flat, owner, level_has, level_ids) -> containers\n"
     "The page's ancestor ids flattened, their blocks, and each block's ancestor len(steps) steps up (see _words.c)."},
    {"container_features", container_features, METH_VARARGS,
     "container_features(flat, lengths, level_ids, level_has, per_block, containers, parent, grandparent, "
     "page_chars, page_good, out, column, marks)\n"
     "features._container_features in one pass (see _words.c)."},
    {"context_levels", context_levels, METH_VARARGS,
     "context_levels(flat, lengths, level_ids, level_has, per_block, containers, page_sure, out, column)\n"
     "The container columns of features.score_context, into out from column on (see _words.c)."},
    {"flag_bits", flag_bits, METH_VARARGS,
     "flag_bits(flag_lists, widths, out, column)\n"
     "The low widths[i] bits of each int of flag_lists[i] as 0/1 columns of out, from column on (see _words.c)."},
    {"mass_around", mass_around, METH_VARARGS,
     "mass_around(good, total, out)\n"
     "features.mass_around before its log1p, into out (3 x blocks float64; see _words.c)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_words", "Compiled text scans for cleaner.features, cleaner.chars and cleaner.decode.",
                                    -1, methods};

PyMODINIT_FUNC
PyInit__words(void)
{
    for (Py_UCS4 ch = 0; ch < 0x10000; ch++)
        bmp_classes[ch] = (Py_UNICODE_ISUPPER(ch) ? UPPER : 0) | (Py_UNICODE_ISTITLE(ch) ? TITLE : 0) |
                            (Py_UNICODE_ISLOWER(ch) ? LOWER : 0) | (Py_UNICODE_ISALNUM(ch) || ch == '_' ? WORD : 0) |
                            (Py_UNICODE_ISSPACE(ch) ? SPACE : 0);
    return PyModule_Create(&module);
}

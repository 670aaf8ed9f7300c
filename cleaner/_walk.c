/* The segment walk of `cleaner.segment._Walker`, compiled: it reads libxml2's tree directly
 * instead of asking lxml for a Python proxy of every element, its tag, text and tail.
 *
 * Same decisions, in the same order, as the Python walk, which stays the reference. Its tables
 * come in `context`, and so do the Python functions for the rarer cases: the commonest are done
 * here (`_block_text` outside code, see `block_words`; the keyword bits of ASCII class/id
 * strings, see `names_bits`, from the tables `keywords()` makes of `segment._KEYWORDS`; rare
 * attributes without an itemtype, see `rare_flags`; the <head>, see `read_head`, asking
 * `_read_metadata` only about what it reads). A block's text stays in libxml2's nodes until the
 * block ends. Anything the Python walk handles in a way this one does not (entity references,
 * namespaced attributes, text that is not UTF-8, node types other than elements, text, CDATA,
 * comments and processing instructions) makes it give up and return False: `segment` then
 * runs the Python walk on the page.
 *
 * It is built against the headers of the lxml present at install time. lxml's element struct
 * and libxml2's node struct have kept their layout for many releases, and importing lxml's C
 * API checks every function's signature: a mismatch fails the import, and the Python walk runs.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <libxml/tree.h>
#include <limits.h>
#include <stdint.h>

#include "lxml.etree_api.h"

enum { INLINE, BLOCK, BR, DROPPED, TITLE, SKIPPED, SWALLOWING }; /* the values of segment._TAG_ACTIONS */

/* The keyword tables of `segment._KEYWORDS`, made once by `keywords()`: its literal words as an
 * automaton over the bytes they use (Aho-Corasick: one step per byte finds every word that ends
 * there), and its regexes, each searched only in words that contain the literal every match of
 * it contains. */
static const char keywords_name[] = "cleaner._walk.keywords"; /* the capsule's */

struct Keywords {
    unsigned char column[256]; /* a byte's column in `next`; 0: the byte is in no word */
    size_t n_columns, n_nodes; /* columns: 1 + the bytes in words */
    uint16_t *next;     /* the node after node n and a byte of column c: next[n * n_columns + c] (0 is the root) */
    long long *bits;    /* of each node: the bits of the words ending there */
    uint32_t *triggers; /* of each node: the regexes whose literal ends there */
    uint32_t always;    /* the regexes without a literal, searched in every word */
    int n_regexes;
    long long regex_bits[32];
    PyObject *search[32]; /* each regex's bound search method (owned) */
};

typedef struct {
    int is_block;
    long long flags_before, keywords, own_keywords;
    PyObject *component, *tag; /* owned */
    xmlNode *node;
} Frame;

typedef struct {
    /* from the context tuple (borrowed) */
    PyObject *block_type, *tag_actions, *flags_of_tag, *kind_of_tag, *mask_of_names, *read_rare_attributes,
        *read_metadata, *title_text, *block_text, *rare_attributes, *blank_chars;
    const struct Keywords *tables; /* of `keywords()` */
    PyObject *meta_properties;
    const char *jsonld_mark;
    long long link_flag, code_flag, heading_flag, body_flag, hidden_flag;
    Py_ssize_t max_ancestors, max_blocks;
    /* the Segmentation (borrowed) and its lists (owned) */
    PyObject *seg, *blocks, *link_chars, *flags, *keywords, *near_keywords, *depth, *ancestors;
    struct LxmlDocument *doc;
    struct Part {
        const unsigned char *bytes; /* valid UTF-8 in the tree's text nodes, or "\n" for a <br> */
        size_t length;
    } *parts; /* text of the block being read, as libxml2 holds it: no str is made until the block ends */
    size_t n_parts, cap_parts;
    Frame *stack;
    Py_ssize_t n_stack, cap_stack;
    Py_ssize_t *block_stack; /* indices into stack of the open block elements */
    long long *block_ids;    /* their container ids */
    Py_ssize_t n_blocks, cap_blocks;
    int visible; /* some part may be more than whitespace (0: they all are, flush has nothing to read) */
    char *scratch; /* bytes of a string being put together (owned) */
    size_t cap_scratch;
    struct AttributeName {
        const xmlChar *name; /* interned like tag names */
        int rare;            /* in `_RARE_ATTRIBUTES` */
    } attribute_names[64];
    struct Name {
        const xmlChar *name; /* libxml2 interns names per document: one entry per tag name */
        PyObject *tag;       /* owned */
        long action;
        long long flags;
    } names[256];
} Walk;

/* Python's str.isspace() characters below 128. */
static int
ascii_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

/* Whether bytes are UTF-8 as Python's strict decoder takes it (lxml's text is decoded so). */
static int
valid_utf8(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        size_t more = c < 0x80 ? 0 : c < 0xC2 ? 4 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : c < 0xF5 ? 3 : 4; /* 4: not a lead */
        if (more == 4 || n - i <= more)
            return 0;
        for (size_t k = 1; k <= more; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
        if ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] >= 0xA0) || (c == 0xF0 && s[i + 1] < 0x90) ||
            (c == 0xF4 && s[i + 1] >= 0x90)) /* overlong, surrogate, beyond U+10FFFF */
            return 0;
        i += more + 1;
    }
    return 1;
}

/* The character at *p of valid UTF-8; *p moves past it. */
static Py_UCS4
next_char(const unsigned char **p)
{
    const unsigned char *c = *p;
    if (c[0] < 0x80) {
        *p += 1;
        return c[0];
    }
    if (c[0] < 0xE0) {
        *p += 2;
        return (c[0] & 0x1F) << 6 | (c[1] & 0x3F);
    }
    if (c[0] < 0xF0) {
        *p += 3;
        return (c[0] & 0x0F) << 12 | (c[1] & 0x3F) << 6 | (c[2] & 0x3F);
    }
    *p += 4;
    return (c[0] & 0x07) << 18 | (c[1] & 0x3F) << 12 | (c[2] & 0x3F) << 6 | (c[3] & 0x3F);
}

/* The entry of `name` in a cache keyed by libxml2's interned name pointers (`size` entries of
 * `stride` bytes, each starting with the name): the name's own entry, else the free entry it
 * would take (name NULL), else NULL when its eight probes find neither (it stays uncached). */
static void *
cached(void *table, size_t stride, size_t size, const xmlChar *name)
{
    size_t slot = ((size_t)name >> 4) % size;
    for (int probe = 0; probe < 8; probe++, slot = (slot + 1) % size) {
        void *entry = (char *)table + slot * stride;
        const xmlChar *held = *(const xmlChar **)entry;
        if (held == name || !held)
            return entry;
    }
    return NULL;
}
#define CACHED(array, name) cached((array), sizeof (array)[0], sizeof (array) / sizeof (array)[0], (name))

/* The tag (new reference), action and flags of an element name, looked up once per name. */
static PyObject *
tag_of(Walk *w, const xmlChar *name, long *action, long long *flags)
{
    struct Name *entry = CACHED(w->names, name);
    if (entry && entry->name) {
        *action = entry->action;
        *flags = entry->flags;
        return Py_NewRef(entry->tag);
    }
    PyObject *tag = PyUnicode_FromString((const char *)name);
    if (!tag)
        return NULL;
    PyObject *found = PyDict_GetItemWithError(w->tag_actions, tag);
    if (!found && PyErr_Occurred())
        goto fail;
    *action = found ? PyLong_AsLong(found) : INLINE;
    found = PyDict_GetItemWithError(w->flags_of_tag, tag);
    if (!found && PyErr_Occurred())
        goto fail;
    *flags = found ? PyLong_AsLongLong(found) : 0;
    if (PyErr_Occurred())
        goto fail;
    if (entry)
        *entry = (struct Name){name, Py_NewRef(tag), *action, *flags};
    return tag;
fail:
    Py_DECREF(tag);
    return NULL;
}

static PyObject *s_empty, *s_gt, *s_html, *s_text, *s_heading, *s_page_title, *s_truncated;

static int
append_long(PyObject *list, long long value)
{
    PyObject *v = PyLong_FromLongLong(value);
    if (!v)
        return -1;
    int r = PyList_Append(list, v);
    Py_DECREF(v);
    return r;
}

/* w->scratch with room for `size` bytes, or NULL (memory error set). */
static char *
scratch(Walk *w, size_t size)
{
    if (size > w->cap_scratch || !w->scratch) {
        size = size ? size : 1;
        char *grown = PyMem_Realloc(w->scratch, size);
        if (!grown) {
            PyErr_NoMemory();
            return NULL;
        }
        w->scratch = grown;
        w->cap_scratch = size;
    }
    return w->scratch;
}

/* The bytes of all parts together. */
static size_t
parts_length(Walk *w)
{
    size_t length = 0;
    for (size_t i = 0; i < w->n_parts; i++)
        length += w->parts[i].length;
    return length;
}

/* The text of the block as one str, `"".join(parts)` (new reference). */
static PyObject *
raw_text(Walk *w)
{
    size_t length = parts_length(w), at = 0;
    char *raw = scratch(w, length);
    if (!raw)
        return NULL;
    for (size_t i = 0; i < w->n_parts; i++) {
        memcpy(raw + at, w->parts[i].bytes, w->parts[i].length);
        at += w->parts[i].length;
    }
    return PyUnicode_DecodeUTF8(raw, length, NULL);
}

/* `_block_text(raw, False)` without calling Python: the words of the parts (str.split()'s, cut at
 * Py_UNICODE_ISSPACE) joined by single spaces, or None when there are none or all their
 * characters are in `blank` (`_BLANK`: a space, zero-width spaces and the like, which the strip
 * in `_block_text` removes). Put together as UTF-8: a word's bytes are copied as they are.
 * New reference; NULL on error. */
static PyObject *
block_words(Walk *w)
{
    char *out = scratch(w, parts_length(w)); /* never longer: a space stands for one or more */
    if (!out)
        return NULL;
    size_t length = 0;
    int seen = 0, after_space = 0; /* seen: a character outside `blank` */
    for (size_t i = 0; i < w->n_parts; i++) {
        const unsigned char *p = w->parts[i].bytes, *end = p + w->parts[i].length;
        while (p < end) {
            const unsigned char *at = p;
            Py_UCS4 c = next_char(&p);
            if (Py_UNICODE_ISSPACE(c)) {
                after_space = length > 0;
                continue;
            }
            if (after_space)
                out[length++] = ' ';
            after_space = 0;
            while (at < p)
                out[length++] = *at++;
            if (!seen)
                seen = PyUnicode_FindChar(w->blank_chars, c, 0, PyUnicode_GET_LENGTH(w->blank_chars), 1) == -1;
        }
    }
    return seen ? PyUnicode_DecodeUTF8(out, length, NULL) : Py_NewRef(Py_None);
}

/* End the current block (Python: _Walker.flush). Returns -1 on error. */
static int
flush(Walk *w, long long flags, long long link_chars)
{
    int visible = w->visible;
    w->visible = 0;
    PyObject *text = Py_None;
    if (!visible) /* whitespace only: `_block_text` would say None */
        Py_INCREF(text);
    else if (flags & w->code_flag) { /* rare */
        PyObject *raw = raw_text(w);
        text = raw ? PyObject_CallFunctionObjArgs(w->block_text, raw, Py_True, NULL) : NULL;
        Py_XDECREF(raw);
    } else
        text = block_words(w);
    w->n_parts = 0;
    if (!text)
        return -1;
    if (text == Py_None) {
        Py_DECREF(text);
        return 0;
    }
    if (PyList_GET_SIZE(w->blocks) >= w->max_blocks) {
        Py_DECREF(text);
        return PyObject_SetAttr(w->seg, s_truncated, Py_True);
    }
    PyObject *tag = s_html;
    long long near = 0;
    if (w->n_blocks) {
        Py_ssize_t at = w->block_stack[w->n_blocks - 1];
        tag = w->stack[at].tag;
        near = w->stack[at].own_keywords;
        if (at)
            near |= w->stack[at - 1].own_keywords;
    }
    PyObject *kind = PyDict_GetItemWithError(w->kind_of_tag, tag);
    if (!kind && PyErr_Occurred()) {
        Py_DECREF(text);
        return -1;
    }
    if (!kind)
        kind = s_text;
    if ((flags & w->heading_flag) && PyUnicode_Check(kind) && !PyUnicode_CompareWithASCIIString(kind, "text"))
        kind = s_heading;
    Py_ssize_t first = w->n_stack > 6 ? w->n_stack - 6 : 0;
    PyObject *components = PyList_New(w->n_stack - first);
    if (!components) {
        Py_DECREF(text);
        return -1;
    }
    for (Py_ssize_t i = first; i < w->n_stack; i++) {
        Py_INCREF(w->stack[i].component);
        PyList_SET_ITEM(components, i - first, w->stack[i].component);
    }
    PyObject *path = PyUnicode_Join(s_gt, components);
    Py_DECREF(components);
    if (!path) {
        Py_DECREF(text);
        return -1;
    }
    PyObject *block = PyObject_CallFunctionObjArgs(w->block_type, text, kind, tag, path, NULL);
    Py_DECREF(path);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    Py_DECREF(text);
    if (!block)
        return -1;
    int r = PyList_Append(w->blocks, block);
    Py_DECREF(block);
    if (r < 0)
        return -1;
    /* the block elements among the innermost max_ancestors elements: bisect_left on block_stack */
    Py_ssize_t lo = 0, hi = w->n_blocks, from = w->n_stack - w->max_ancestors;
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (w->block_stack[mid] < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    PyObject *ancestors = PyTuple_New(w->n_blocks - lo);
    if (!ancestors)
        return -1;
    for (Py_ssize_t i = lo; i < w->n_blocks; i++) {
        PyObject *id = PyLong_FromLongLong(w->block_ids[i]);
        if (!id) {
            Py_DECREF(ancestors);
            return -1;
        }
        PyTuple_SET_ITEM(ancestors, i - lo, id);
    }
    r = PyList_Append(w->ancestors, ancestors);
    Py_DECREF(ancestors);
    if (r < 0 || append_long(w->link_chars, link_chars < length ? link_chars : length) < 0 ||
        append_long(w->flags, flags) < 0 ||
        append_long(w->keywords, w->n_stack ? w->stack[w->n_stack - 1].keywords : 0) < 0 ||
        append_long(w->near_keywords, near) < 0 || append_long(w->depth, w->n_stack) < 0)
        return -1;
    return 0;
}

static int
is_text(xmlNode *node)
{
    return node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE;
}

/* The text of the run of text nodes from *node on, as one str (new reference; lxml joins
 * adjacent text nodes too); *node moves past the run. */
static PyObject *
run_text(xmlNode **node)
{
    xmlNode *n = *node;
    if (!n->next || !is_text(n->next)) {
        *node = n->next;
        return PyUnicode_FromString(n->content ? (const char *)n->content : "");
    }
    PyObject *pieces = PyList_New(0);
    if (!pieces)
        return NULL;
    for (; n && is_text(n); n = n->next) {
        PyObject *piece = PyUnicode_FromString(n->content ? (const char *)n->content : "");
        if (!piece || PyList_Append(pieces, piece) < 0) {
            Py_XDECREF(piece);
            Py_DECREF(pieces);
            return NULL;
        }
        Py_DECREF(piece);
    }
    *node = n;
    PyObject *text = PyUnicode_Join(s_empty, pieces);
    Py_DECREF(pieces);
    return text;
}

/* The value of an attribute whose children are all text nodes (checked by `start`), as str. */
static PyObject *
attribute_value(xmlAttr *attr)
{
    xmlNode *child = attr->children;
    return child ? run_text(&child) : Py_NewRef(s_empty);
}

/* Whether an attribute name is in `_RARE_ATTRIBUTES`, looked up once per name. 1, 0, or -1 on error. */
static int
is_rare(Walk *w, const xmlChar *name)
{
    struct AttributeName *entry = CACHED(w->attribute_names, name);
    if (entry && entry->name)
        return entry->rare;
    PyObject *key = PyUnicode_FromString((const char *)name);
    if (!key)
        return -1;
    int rare = PySet_Contains(w->rare_attributes, key);
    Py_DECREF(key);
    if (rare >= 0 && entry)
        *entry = (struct AttributeName){name, rare};
    return rare;
}

/* Add the bits of the regexes of `triggers` that match a word (ASCII, searched lower-cased) and
 * are not in *bits yet. 0 ok, -1 error. */
static int
search_regexes(Walk *w, const unsigned char *word, size_t n, uint32_t triggers, long long *bits)
{
    const struct Keywords *kw = w->tables;
    for (int r = 0; r < kw->n_regexes; r++) {
        if (!(triggers >> r & 1) || *bits & kw->regex_bits[r])
            continue;
        char *lower = scratch(w, n);
        if (!lower)
            return -1;
        for (size_t i = 0; i < n; i++)
            lower[i] = word[i] >= 'A' && word[i] <= 'Z' ? word[i] + ('a' - 'A') : word[i];
        PyObject *text = PyUnicode_DecodeASCII(lower, n, NULL);
        PyObject *found = text ? PyObject_CallOneArg(kw->search[r], text) : NULL;
        Py_XDECREF(text);
        if (!found)
            return -1;
        if (found != Py_None)
            *bits |= kw->regex_bits[r];
        Py_DECREF(found);
    }
    return 0;
}

/* The keyword bits of a class/id value (UTF-8), as `_mask_of_names` gives them: those of its
 * words, each `_KEYWORDS.mask(word.lower())`. An ASCII value is read here, its words' keywords
 * found by the automaton (upper case read as lower), then the regexes their literals call for;
 * any other value is left to `_mask_of_names` (str.split() and str.lower() know more than ASCII).
 * Adds them to *mask; 0 ok, -1 error. */
static int
names_bits(Walk *w, const char *names, size_t n, long long *mask)
{
    const struct Keywords *kw = w->tables;
    const unsigned char *bytes = (const unsigned char *)names;
    long long bits = 0;
    uint32_t triggers = kw->always;
    size_t node = 0, word = 0; /* the automaton's node; where the word being read starts */
    for (size_t i = 0; i <= n; i++) {
        unsigned char c = i < n ? bytes[i] : ' ';
        if (c >= 0x80) {
            PyObject *value = PyUnicode_DecodeUTF8(names, n, NULL);
            PyObject *found = value ? PyObject_CallOneArg(w->mask_of_names, value) : NULL;
            Py_XDECREF(value);
            if (!found)
                return -1;
            *mask |= PyLong_AsLongLong(found);
            Py_DECREF(found);
            return PyErr_Occurred() ? -1 : 0;
        }
        if (!ascii_space(c)) {
            node = kw->next[node * kw->n_columns + kw->column[c]];
            bits |= kw->bits[node];
            triggers |= kw->triggers[node];
            continue;
        }
        if (i > word && triggers && search_regexes(w, bytes + word, i - word, triggers, &bits) < 0)
            return -1;
        word = i + 1;
        node = 0;
        triggers = kw->always;
    }
    *mask |= bits;
    return 0;
}

/* Block.path's component for an element with a class value: "tag.first-class", as the Python
 * walk's tag + "." + classes.split(maxsplit=1)[0], or the tag when there is no word. New reference. */
static PyObject *
split_component(PyObject *tag, PyObject *classes)
{
    PyObject *words = PyObject_CallMethod(classes, "split", "Oi", Py_None, 1);
    if (!words)
        return NULL;
    PyObject *component = PyList_GET_SIZE(words) ? PyUnicode_FromFormat("%U.%U", tag, PyList_GET_ITEM(words, 0))
                                                 : Py_NewRef(tag);
    Py_DECREF(words);
    return component;
}

/* The same from the value's UTF-8 bytes; the word is cut here when it and the spaces before it
 * are ASCII (any other character may be one of the spaces str.split() knows). */
static PyObject *
component_of(Walk *w, PyObject *tag, const xmlChar *name, const char *classes)
{
    const unsigned char *word = (const unsigned char *)classes, *end;
    while (ascii_space(*word))
        word++;
    for (end = word; *end && *end < 0x80 && !ascii_space(*end); end++)
        ;
    if (*end >= 0x80) {
        PyObject *value = PyUnicode_FromString(classes);
        PyObject *component = value ? split_component(tag, value) : NULL;
        Py_XDECREF(value);
        return component;
    }
    if (end == word)
        return Py_NewRef(tag);
    size_t n_name = strlen((const char *)name), n_word = end - word;
    char *bytes = scratch(w, n_name + 1 + n_word);
    if (!bytes)
        return NULL;
    memcpy(bytes, name, n_name); /* the tag is this name decoded */
    bytes[n_name] = '.';
    memcpy(bytes + n_name + 1, word, n_word);
    return PyUnicode_DecodeUTF8(bytes, n_name + 1 + n_word, NULL);
}

/* The value of an attribute of at most one text node, as UTF-8; NULL for no attribute. */
static const char *
value_bytes(xmlAttr *attr)
{
    if (!attr)
        return NULL;
    return attr->children && attr->children->content ? (const char *)attr->children->content : "";
}

static int
push(Walk *w, Frame frame)
{
    if (w->n_stack == w->cap_stack) {
        Py_ssize_t cap = w->cap_stack ? 2 * w->cap_stack : 64;
        Frame *stack = PyMem_Realloc(w->stack, cap * sizeof(Frame));
        if (!stack)
            return -1;
        w->stack = stack;
        w->cap_stack = cap;
    }
    w->stack[w->n_stack++] = frame;
    return 0;
}

static void
pop(Walk *w)
{
    Frame *f = &w->stack[--w->n_stack];
    Py_DECREF(f->component);
    Py_DECREF(f->tag);
}

/* The walk's running state: the Python walk's local variables of the same names. */
typedef struct {
    long long flags, link_chars;
    int pending_br;
} State;

/* Characters between the first and last non-space ones of the parts from `first` on: `len(text.strip())`. */
static size_t
stripped_length(Walk *w, size_t first)
{
    size_t count = 0, from = 0, to = 0;
    for (size_t i = first; i < w->n_parts; i++) {
        const unsigned char *p = w->parts[i].bytes, *end = p + w->parts[i].length;
        while (p < end) {
            Py_UCS4 c = next_char(&p); /* not in the macro, which reads its argument twice */
            if (!Py_UNICODE_ISSPACE(c)) {
                from = to ? from : count;
                to = count + 1;
            }
            count++;
        }
    }
    return to - from;
}

static int
add_part(Walk *w, const unsigned char *bytes, size_t length)
{
    if (w->n_parts == w->cap_parts) {
        size_t cap = w->cap_parts ? 2 * w->cap_parts : 64;
        struct Part *parts = PyMem_Realloc(w->parts, cap * sizeof(struct Part));
        if (!parts) {
            PyErr_NoMemory();
            return -1;
        }
        w->parts = parts;
        w->cap_parts = cap;
    }
    w->parts[w->n_parts++] = (struct Part){bytes, length};
    return 0;
}

/* Read a run of text nodes (Python: one element's .text or .tail, lxml joins them) and step past
 * it; 0 ok, -1 error, -2 when it is not UTF-8 (lxml would fail to decode it: the Python walk's business). */
static int
read_text(Walk *w, State *s, xmlNode **node)
{
    size_t first = w->n_parts;
    int space = 1; /* only ASCII whitespace: strips to nothing, and leaves a pending <br> pending */
    xmlNode *n = *node;
    for (; n && is_text(n); n = n->next) {
        const unsigned char *bytes = n->content ? n->content : (const unsigned char *)"";
        size_t length = 0;
        int ascii = 1;
        for (; bytes[length]; length++) {
            if (bytes[length] >= 0x80)
                ascii = 0;
            else if (!ascii_space(bytes[length]))
                space = 0;
        }
        if (!ascii && !valid_utf8(bytes, length))
            return -2;
        if (length && add_part(w, bytes, length) < 0)
            return -1;
        space &= ascii;
    }
    *node = n;
    if (w->n_parts == first || space)
        return 0;
    w->visible = 1;
    if (s->flags & w->link_flag || s->pending_br) {
        size_t stripped = stripped_length(w, first);
        if (s->flags & w->link_flag)
            s->link_chars += stripped;
        if (stripped)
            s->pending_br = 0;
    }
    return 0;
}

/* Whether the page has its title: 1, 0, or -1 on error. */
static int
has_title(Walk *w)
{
    PyObject *title = PyObject_GetAttr(w->seg, s_page_title);
    int set = title ? PyObject_IsTrue(title) : -1;
    Py_XDECREF(title);
    return set;
}

/* The page title from a <title> (Python: `seg.page_title = _title_text(el)`). 0 ok, -1 error. */
static int
read_title(Walk *w, xmlNode *node)
{
    PyObject *el = (PyObject *)elementFactory(w->doc, node); /* for the Python readers */
    PyObject *title = el ? PyObject_CallOneArg(w->title_text, el) : NULL;
    int r = title ? PyObject_SetAttr(w->seg, s_page_title, title) : -1;
    Py_XDECREF(el);
    Py_XDECREF(title);
    return r;
}

/* The value of an element's attribute `name` in no namespace, as lxml's get() finds it, as UTF-8;
 * NULL when absent. *several is set when it is not at most one text node. */
static const char *
attribute(xmlNode *node, const char *name, int *several)
{
    for (xmlAttr *a = node->properties; a; a = a->next)
        if (!a->ns && !strcmp((const char *)a->name, name)) {
            *several |= a->children && (a->children->type != XML_TEXT_NODE || a->children->next);
            return value_bytes(a);
        }
    return NULL;
}

/* Whether `_read_metadata` may read anything of a <meta> (its property, or name, in
 * `_META_PROPERTIES`) or a <script> (its type marked `_JSONLD_MARK`): most are neither, and need
 * no Python proxy nor call. 1, 0, or -1 on error. */
static int
has_metadata(Walk *w, xmlNode *node)
{
    int several = 0;
    if (!strcmp((const char *)node->name, "script")) {
        const char *type = attribute(node, "type", &several);
        return several || strstr(type ? type : "", w->jsonld_mark);
    }
    if (strcmp((const char *)node->name, "meta"))
        return 1;
    const char *property = attribute(node, "property", &several);
    if (!property || !*property)
        property = attribute(node, "name", &several);
    if (several)
        return 1;
    PyObject *key = PyUnicode_FromString(property ? property : "");
    int wanted = key ? PySet_Contains(w->meta_properties, key) : -1;
    Py_XDECREF(key);
    return wanted;
}

static int read_head(Walk *w, xmlNode *head);

/* `_read_metadata(el, tag, seg)` where it may read anything. 0 ok, -1 error, -2 the Python walk must read the page. */
static int
read_metadata(Walk *w, xmlNode *node, PyObject *tag)
{
    if (!strcmp((const char *)node->name, "head"))
        return read_head(w, node);
    int wanted = has_metadata(w, node);
    if (wanted <= 0)
        return wanted;
    PyObject *el = (PyObject *)elementFactory(w->doc, node);
    PyObject *r = el ? PyObject_CallFunctionObjArgs(w->read_metadata, el, tag, w->seg, NULL) : NULL;
    Py_XDECREF(el);
    Py_XDECREF(r);
    return r ? 0 : -1;
}

/* `_read_metadata` of a <head>: its title, meta and script elements in no namespace, in document
 * order, as lxml's iter() finds them. 0 ok, -1 error, -2 an entity reference: the Python walk's business. */
static int
read_head(Walk *w, xmlNode *head)
{
    for (xmlNode *node = head->children; node;) {
        if (node->type == XML_ENTITY_REF_NODE)
            return -2;
        const char *name = (const char *)node->name;
        if (node->type == XML_ELEMENT_NODE && !node->ns && !strcmp(name, "title")) {
            int set = has_title(w);
            if (set < 0 || (!set && read_title(w, node) < 0))
                return -1;
        } else if (node->type == XML_ELEMENT_NODE && !node->ns && (!strcmp(name, "meta") || !strcmp(name, "script"))) {
            long action;
            long long flags;
            PyObject *tag = tag_of(w, node->name, &action, &flags);
            int r = tag ? read_metadata(w, node, tag) : -1;
            Py_XDECREF(tag);
            if (r < 0)
                return r;
        }
        if (node->type == XML_ELEMENT_NODE && node->children) { /* next in document order */
            node = node->children;
            continue;
        }
        while (node != head && !node->next)
            node = node->parent;
        node = node == head ? NULL : node->next;
    }
    return 0;
}

/* What `_read_rare_attributes` reads of an element, when each value is at most one text node: the
 * first value of each name (UTF-8; NULL: absent), or whether there is one. */
struct Rare {
    const char *role, *itemprop, *style, *aria_hidden;
    int hidden, itemtype, other; /* other: a name of `_RARE_ATTRIBUTES` not known here */
};

static void
note_rare(struct Rare *rare, xmlAttr *a)
{
    const char *name = (const char *)a->name, **value = NULL;
    if (!strcmp(name, "role"))
        value = &rare->role;
    else if (!strcmp(name, "itemprop"))
        value = &rare->itemprop;
    else if (!strcmp(name, "style"))
        value = &rare->style;
    else if (!strcmp(name, "aria-hidden"))
        value = &rare->aria_hidden;
    else if (!strcmp(name, "hidden"))
        rare->hidden = 1;
    else if (!strcmp(name, "itemtype"))
        rare->itemtype = 1; /* its schema type is recorded by `_read_rare_attributes` */
    else
        rare->other = 1;
    if (value && !*value)
        *value = value_bytes(a);
}

/* Whether a style has "display:none" once its spaces are gone; 1, 0, or -1 on error. */
static int
hiding_style(Walk *w, const char *style)
{
    char *squeezed = scratch(w, strlen(style) + 1);
    if (!squeezed)
        return -1;
    size_t n = 0;
    for (; *style; style++)
        if (*style != ' ')
            squeezed[n++] = *style;
    squeezed[n] = 0;
    return strstr(squeezed, "display:none") != NULL;
}

/* Add the context flags `_read_rare_attributes` says the attributes set: a declared article body,
 * or hidden content. 0 ok, -1 error. */
static int
rare_flags(Walk *w, const struct Rare *rare, long long *flags)
{
    const char *itemprop = rare->itemprop ? rare->itemprop : "";
    if (!strcmp(itemprop, "articleBody") || !strcmp(itemprop, "text") || !strcmp(itemprop, "reviewBody") ||
        (rare->role && !strcmp(rare->role, "main")))
        *flags |= w->body_flag;
    int hides = rare->style && *rare->style ? hiding_style(w, rare->style) : 0;
    if (hides < 0)
        return -1;
    if (rare->hidden || (rare->aria_hidden && !strcmp(rare->aria_hidden, "true")) || hides)
        *flags |= w->hidden_flag;
    return 0;
}

/* Whether an element holds a `main`, `article` or `h1` (segment.PAGE_PARTS): a SWALLOWING element
 * the parser left open over the rest of the page. */
static int
holds_page_part(const xmlNode *head)
{
    const xmlNode *node = head->children;
    while (node) {
        if (node->type == XML_ELEMENT_NODE) {
            const char *name = (const char *)node->name;
            if (!strcmp(name, "main") || !strcmp(name, "article") || !strcmp(name, "h1"))
                return 1;
            if (node->children) {
                node = node->children;
                continue;
            }
        }
        while (node != head && !node->next)
            node = node->parent;
        if (node == head)
            return 0;
        node = node->next;
    }
    return 0;
}

/* Start of an element. Returns 1 when its subtree is skipped, 0 when it is entered, -1 on
 * error, -2 when the compiled walk cannot read it the Python walk's way. */
static int
start(Walk *w, State *s, xmlNode *node, long long *next_id)
{
    long action;
    long long tag_flags;
    PyObject *tag = tag_of(w, node->name, &action, &tag_flags);
    if (!tag)
        return -1;
    if (action == BLOCK) {
        if (w->n_parts) {
            if (flush(w, s->flags, s->link_chars) < 0)
                goto error;
            s->link_chars = 0;
        }
        s->pending_br = 0;
    } else if (action == BR) {
        if (s->pending_br) {
            if (flush(w, s->flags, s->link_chars) < 0)
                goto error;
            s->link_chars = 0;
            s->pending_br = 0;
        } else {
            if (add_part(w, (const unsigned char *)"\n", 1) < 0) /* whitespace: leaves `visible` as it is */
                goto error;
            s->pending_br = 1;
        }
    } else if (action == SWALLOWING) { /* read as inline when it holds a page part, else as SKIPPED */
        if (!holds_page_part(node)) {
            Py_DECREF(tag);
            return 1;
        }
    } else if (action == SKIPPED) { /* nothing in it is read: no Python proxy, no call */
        Py_DECREF(tag);
        return 1;
    } else if (action >= DROPPED) {
        int title_set = action == TITLE ? has_title(w) : 0;
        if (title_set < 0)
            goto error;
        if (!title_set) {
            int r = action == TITLE ? read_title(w, node) : read_metadata(w, node, tag);
            Py_DECREF(tag);
            return r < 0 ? r : 1;
        }
    }
    long long before = s->flags, own = 0;
    PyObject *component = tag;
    Py_INCREF(component);
    xmlAttr *class_attr = NULL, *id_attr = NULL; /* the first of each, as lxml's get() finds */
    struct Rare found = {0};
    int rare = 0, simple = 1; /* rare: some of `_RARE_ATTRIBUTES`; simple: no value is more than one text node */
    for (xmlAttr *a = node->properties; a; a = a->next) {
        /* lxml names a namespaced attribute "{uri}name", and substitutes entities in values:
           leave such elements to the Python walk */
        int plain = !a->ns;
        for (xmlNode *child = a->children; plain && child; child = child->next)
            plain = child->type == XML_TEXT_NODE;
        if (!plain) {
            Py_DECREF(component);
            Py_DECREF(tag);
            return -2;
        }
        if (a->children && a->children->next)
            simple = 0;
        const char *name = (const char *)a->name;
        if (!class_attr && !strcmp(name, "class"))
            class_attr = a;
        else if (!id_attr && !strcmp(name, "id"))
            id_attr = a;
        else {
            int is = is_rare(w, a->name);
            if (is < 0) {
                Py_DECREF(component);
                goto error;
            }
            if (is) {
                rare = 1;
                note_rare(&found, a);
            }
        }
    }
    if (node->properties && simple && !found.itemtype && !found.other) { /* the common cases, read from the bytes */
        const char *classes = value_bytes(class_attr);
        const char *names[] = {classes, value_bytes(id_attr), found.role, found.itemprop};
        int failed = rare && rare_flags(w, &found, &s->flags) < 0;
        for (int i = 0; i < 4 && !failed; i++)
            failed = names[i] && names[i][0] && names_bits(w, names[i], strlen(names[i]), &own) < 0;
        if (failed) {
            Py_DECREF(component);
            goto error;
        }
        if (classes && *classes) {
            Py_SETREF(component, component_of(w, tag, node->name, classes));
            if (!component)
                goto error;
        }
    } else if (node->properties) {
        PyObject *classes = class_attr ? attribute_value(class_attr) : NULL;
        PyObject *ident = id_attr ? attribute_value(id_attr) : NULL, *names = NULL;
        if ((class_attr && !classes) || (id_attr && !ident))
            goto attr_error;
        int has_classes = classes && PyUnicode_GET_LENGTH(classes), has_ident = ident && PyUnicode_GET_LENGTH(ident);
        if (!rare) {
            if (has_classes && has_ident)
                names = PyUnicode_FromFormat("%U %U", classes, ident);
            else if (has_classes || !ident) {
                names = classes ? classes : Py_None;
                Py_INCREF(names);
            } else {
                names = ident;
                Py_INCREF(names);
            }
            if (!names)
                goto attr_error;
        } else {
            PyObject *attrib = PyDict_New();
            if (!attrib)
                goto attr_error;
            for (xmlAttr *a = node->properties; a; a = a->next) {
                PyObject *key = PyUnicode_FromString((const char *)a->name);
                int present = key ? PyDict_Contains(attrib, key) : -1;
                PyObject *value = present == 0 ? attribute_value(a) : NULL;
                if (present < 0 || (present == 0 && (!value || PyDict_SetItem(attrib, key, value) < 0))) {
                    Py_XDECREF(key);
                    Py_XDECREF(value);
                    Py_DECREF(attrib);
                    goto attr_error;
                }
                Py_XDECREF(key);
                Py_XDECREF(value);
            }
            PyObject *r = PyObject_CallFunctionObjArgs(w->read_rare_attributes, attrib, classes ? classes : Py_None,
                                                       ident ? ident : Py_None, w->seg, NULL);
            Py_DECREF(attrib);
            if (!r)
                goto attr_error;
            names = PyTuple_GetItem(r, 0);
            Py_XINCREF(names);
            s->flags |= PyLong_AsLongLong(PyTuple_GetItem(r, 1));
            Py_DECREF(r);
            if (!names || PyErr_Occurred())
                goto attr_error;
        }
        int truthy = PyObject_IsTrue(names);
        if (truthy < 0)
            goto attr_error;
        if (truthy) {
            Py_ssize_t n;
            const char *bytes = PyUnicode_AsUTF8AndSize(names, &n);
            if (!bytes || names_bits(w, bytes, n, &own) < 0)
                goto attr_error;
        }
        if (has_classes) {
            Py_SETREF(component, split_component(tag, classes));
            if (!component) {
                Py_XDECREF(classes);
                Py_XDECREF(ident);
                Py_XDECREF(names);
                goto error;
            }
        }
        Py_XDECREF(classes);
        Py_XDECREF(ident);
        Py_XDECREF(names);
        goto attributes_read;
    attr_error:
        Py_XDECREF(classes);
        Py_XDECREF(ident);
        Py_XDECREF(names);
        Py_DECREF(component);
        goto error;
    }
attributes_read:
    s->flags |= tag_flags;
    if (action == BLOCK) {
        if (w->n_blocks == w->cap_blocks) {
            Py_ssize_t cap = w->cap_blocks ? 2 * w->cap_blocks : 64;
            Py_ssize_t *bs = PyMem_Realloc(w->block_stack, cap * sizeof(Py_ssize_t));
            if (bs)
                w->block_stack = bs;
            long long *ids = bs ? PyMem_Realloc(w->block_ids, cap * sizeof(long long)) : NULL;
            if (!ids) {
                Py_DECREF(component);
                PyErr_NoMemory();
                goto error;
            }
            w->block_ids = ids;
            w->cap_blocks = cap;
        }
        w->block_stack[w->n_blocks] = w->n_stack;
        w->block_ids[w->n_blocks++] = *next_id;
    }
    Frame frame = {action == BLOCK, before, (w->n_stack ? w->stack[w->n_stack - 1].keywords : 0) | own, own,
                   component, tag, node};
    if (push(w, frame) < 0) {
        Py_DECREF(component);
        PyErr_NoMemory();
        goto error;
    }
    ++*next_id;
    return 0;
error:
    Py_DECREF(tag);
    return -1;
}

/* End of an element (Python: the "end" event before its tail). */
static int
end(Walk *w, State *s)
{
    Frame *f = &w->stack[w->n_stack - 1];
    if (f->is_block) {
        if (w->n_parts) {
            if (flush(w, s->flags, s->link_chars) < 0)
                return -1;
            s->link_chars = 0;
        }
        s->pending_br = 0;
        w->n_blocks--;
    }
    s->flags = f->flags_before;
    pop(w);
    return 0;
}

/* Walk the tree in document order; 1 done, 0 give up (the Python walk must read this page), -1 error. */
static int
run(Walk *w, xmlNode *root)
{
    State s = {0, 0, 0};
    long long next_id = 0;
    xmlNode *node;
    int r = start(w, &s, root, &next_id);
    if (r < 0)
        return r == -2 ? 0 : -1;
    node = r == 1 ? NULL : root->children;
    while (r != 1) {
        if (node == NULL) { /* the innermost open element ends; its tail follows */
            xmlNode *closed = w->stack[w->n_stack - 1].node;
            if (end(w, &s) < 0)
                return -1;
            node = closed->next;
            if (closed == root)
                break;
            continue;
        }
        switch (node->type) {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
            if ((r = read_text(w, &s, &node)) < 0)
                return r == -2 ? 0 : -1;
            break;
        case XML_COMMENT_NODE:
        case XML_PI_NODE:
            node = node->next;
            break;
        case XML_ELEMENT_NODE:
            r = start(w, &s, node, &next_id);
            if (r < 0)
                return r == -2 ? 0 : -1;
            node = r == 1 ? node->next : node->children;
            r = 0;
            break;
        default: /* entity references and the like: the Python walk's business */
            return 0;
        }
    }
    node = root->next; /* the root's tail, as iterwalk reads it */
    if (node && is_text(node) && (r = read_text(w, &s, &node)) < 0)
        return r == -2 ? 0 : -1;
    if (w->n_parts && flush(w, s.flags, s.link_chars) < 0)
        return -1;
    return 1;
}

static PyObject *
walk(PyObject *self, PyObject *args)
{
    PyObject *root, *seg, *context;
    Py_ssize_t max_blocks;
    if (!PyArg_ParseTuple(args, "OOnO!", &root, &seg, &max_blocks, &PyTuple_Type, &context))
        return NULL;
    Walk w = {0};
    PyObject *element_type, *keywords, *jsonld_mark;
    if (!PyArg_ParseTuple(context, "OO!O!O!OOOOOO!LLLLLnOUOO!U", &w.block_type, &PyDict_Type, &w.tag_actions,
                          &PyDict_Type, &w.flags_of_tag, &PyDict_Type, &w.kind_of_tag, &w.mask_of_names,
                          &w.read_rare_attributes, &w.read_metadata, &w.title_text, &w.block_text, &PyFrozenSet_Type,
                          &w.rare_attributes, &w.link_flag, &w.code_flag, &w.heading_flag, &w.body_flag,
                          &w.hidden_flag, &w.max_ancestors, &element_type, &w.blank_chars, &keywords,
                          &PyFrozenSet_Type, &w.meta_properties, &jsonld_mark) ||
        !(w.tables = PyCapsule_GetPointer(keywords, keywords_name)) ||
        !(w.jsonld_mark = PyUnicode_AsUTF8(jsonld_mark)))
        return NULL;
    int is_element = PyObject_IsInstance(root, element_type);
    if (is_element <= 0)
        return is_element < 0 ? NULL : Py_NewRef(Py_False);
    struct LxmlElement *el = (struct LxmlElement *)root;
    if (!el->_c_node || el->_c_node->type != XML_ELEMENT_NODE)
        return Py_NewRef(Py_False);
    w.max_blocks = max_blocks;
    w.seg = seg;
    w.doc = el->_doc;
    PyObject *result = NULL;
    if (!(w.blocks = PyObject_GetAttrString(seg, "blocks")) ||
        !(w.link_chars = PyObject_GetAttrString(seg, "link_chars")) ||
        !(w.flags = PyObject_GetAttrString(seg, "flags")) || !(w.keywords = PyObject_GetAttrString(seg, "keywords")) ||
        !(w.near_keywords = PyObject_GetAttrString(seg, "near_keywords")) ||
        !(w.depth = PyObject_GetAttrString(seg, "depth")) || !(w.ancestors = PyObject_GetAttrString(seg, "ancestors")))
        goto done;
    if (!PyList_Check(w.blocks) || !PyList_Check(w.link_chars) || !PyList_Check(w.flags) ||
        !PyList_Check(w.keywords) || !PyList_Check(w.near_keywords) || !PyList_Check(w.depth) ||
        !PyList_Check(w.ancestors)) {
        PyErr_SetString(PyExc_TypeError, "walk: the Segmentation's fields must be lists");
        goto done;
    }
    int r = run(&w, el->_c_node);
    if (r >= 0)
        result = Py_NewRef(r ? Py_True : Py_False);
done:
    while (w.n_stack)
        pop(&w);
    for (int i = 0; i < 256; i++)
        Py_XDECREF(w.names[i].tag);
    PyMem_Free(w.scratch);
    PyMem_Free(w.stack);
    PyMem_Free(w.block_stack);
    PyMem_Free(w.block_ids);
    PyMem_Free(w.parts);
    Py_XDECREF(w.blocks);
    Py_XDECREF(w.link_chars);
    Py_XDECREF(w.flags);
    Py_XDECREF(w.keywords);
    Py_XDECREF(w.near_keywords);
    Py_XDECREF(w.depth);
    Py_XDECREF(w.ancestors);
    return result;
}

static void
free_keywords(PyObject *capsule)
{
    struct Keywords *kw = PyCapsule_GetPointer(capsule, keywords_name);
    for (int r = 0; r < kw->n_regexes; r++)
        Py_DECREF(kw->search[r]);
    PyMem_Free(kw->next);
    PyMem_Free(kw->bits);
    PyMem_Free(kw->triggers);
    PyMem_Free(kw);
}

/* Put a word in the trie: first pass (kw->next NULL) give its bytes columns and count its nodes,
 * second pass add them. A word with a capital never matches: the words are matched lower-cased. */
static int
add_word(struct Keywords *kw, PyObject *word, long long bits, uint32_t trigger)
{
    Py_ssize_t n;
    const char *bytes = PyUnicode_AsUTF8AndSize(word, &n);
    if (!bytes)
        return -1;
    for (Py_ssize_t i = 0; i < n; i++)
        if (bytes[i] >= 'A' && bytes[i] <= 'Z')
            return 0;
    if (!kw->next) {
        for (Py_ssize_t i = 0; i < n; i++) {
            unsigned char c = bytes[i];
            if (!kw->column[c]) {
                if (kw->n_columns > UCHAR_MAX) {
                    PyErr_SetString(PyExc_ValueError, "keywords: too many different bytes");
                    return -1;
                }
                kw->column[c] = kw->n_columns++;
                if (c >= 'a' && c <= 'z')
                    kw->column[c - ('a' - 'A')] = kw->column[c];
            }
        }
        kw->n_nodes += n;
        return 0;
    }
    size_t node = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!kw->column[(unsigned char)bytes[i]]) { /* not seen by the first pass */
            PyErr_SetString(PyExc_ValueError, "keywords: the words changed between the passes");
            return -1;
        }
        uint16_t *child = &kw->next[node * kw->n_columns + kw->column[(unsigned char)bytes[i]]];
        if (!*child)
            *child = kw->n_nodes++;
        node = *child;
    }
    kw->bits[node] |= bits;
    kw->triggers[node] |= trigger;
    return 0;
}

/* Both passes over the words ({word: bits}) and regexes ([(bit, pattern, literal)]). */
static int
add_words(struct Keywords *kw, PyObject *words, PyObject *regexes)
{
    PyObject *word, *bits;
    Py_ssize_t at = 0;
    while (PyDict_Next(words, &at, &word, &bits)) {
        long long value = PyLong_AsLongLong(bits);
        if ((value == -1 && PyErr_Occurred()) || !PyUnicode_Check(word) || add_word(kw, word, value, 0) < 0)
            return -1;
    }
    for (int r = 0; r < kw->n_regexes; r++) {
        PyObject *literal = PyTuple_GET_ITEM(PyTuple_GET_ITEM(regexes, r), 2);
        if (!PyUnicode_GET_LENGTH(literal))
            kw->always |= (uint32_t)1 << r;
        else if (add_word(kw, literal, 0, (uint32_t)1 << r) < 0)
            return -1;
    }
    return 0;
}

/* Make the trie an automaton: a node's missing next nodes become those its longest suffix in the
 * trie leads to, and it takes the bits and regexes of the words ending in its suffixes. */
static int
link_suffixes(struct Keywords *kw)
{
    size_t *queue = PyMem_Malloc(kw->n_nodes * sizeof(size_t)), *suffix = PyMem_Calloc(kw->n_nodes, sizeof(size_t));
    if (!queue || !suffix) {
        PyMem_Free(queue);
        PyMem_Free(suffix);
        PyErr_NoMemory();
        return -1;
    }
    size_t head = 0, tail = 0, width = kw->n_columns;
    queue[tail++] = 0;
    while (head < tail) { /* breadth first: the shorter suffixes are complete when a node is reached */
        size_t node = queue[head++];
        for (size_t c = 1; c < width; c++) {
            uint16_t *child = &kw->next[node * width + c], via = node ? kw->next[suffix[node] * width + c] : 0;
            if (!*child) {
                *child = via;
                continue;
            }
            suffix[*child] = via;
            kw->bits[*child] |= kw->bits[via];
            kw->triggers[*child] |= kw->triggers[via];
            queue[tail++] = *child;
        }
    }
    PyMem_Free(queue);
    PyMem_Free(suffix);
    return 0;
}

static PyObject *
keywords(PyObject *self, PyObject *args)
{
    PyObject *given_words, *given_regexes, *words = NULL, *regexes = NULL, *capsule = NULL;
    if (!PyArg_ParseTuple(args, "O!O!", &PyDict_Type, &given_words, &PyList_Type, &given_regexes))
        return NULL;
    /* Private copies: Python code run below (a pattern's `search`, an `__index__`) cannot change what both
     * passes of add_words read. */
    if (!(words = PyDict_Copy(given_words)) || !(regexes = PyList_AsTuple(given_regexes)))
        goto fail;
    if (PyTuple_GET_SIZE(regexes) > 32) {
        PyErr_SetString(PyExc_ValueError, "keywords: more than 32 regexes");
        goto fail;
    }
    struct Keywords *kw = PyMem_Calloc(1, sizeof(struct Keywords));
    if (!kw) {
        PyErr_NoMemory();
        goto fail;
    }
    if (!(capsule = PyCapsule_New(kw, keywords_name, free_keywords))) {
        PyMem_Free(kw);
        goto fail;
    }
    kw->n_columns = 1; /* column 0: the bytes in no word, which lead back to the root */
    for (Py_ssize_t r = 0; r < PyTuple_GET_SIZE(regexes); r++) {
        PyObject *pattern, *literal;
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(regexes, r), "LOU", &kw->regex_bits[r], &pattern, &literal) ||
            !(kw->search[r] = PyObject_GetAttrString(pattern, "search")))
            goto fail;
        kw->n_regexes++;
    }
    if (add_words(kw, words, regexes) < 0)
        goto fail;
    if (kw->n_nodes >= UINT16_MAX) {
        PyErr_SetString(PyExc_ValueError, "keywords: too many for the trie");
        goto fail;
    }
    size_t n_nodes = kw->n_nodes + 1;
    kw->next = PyMem_Calloc(n_nodes * kw->n_columns, sizeof(uint16_t));
    kw->bits = PyMem_Calloc(n_nodes, sizeof(long long));
    kw->triggers = PyMem_Calloc(n_nodes, sizeof(uint32_t));
    if (!kw->next || !kw->bits || !kw->triggers) {
        PyErr_NoMemory();
        goto fail;
    }
    kw->n_nodes = 1;
    if (add_words(kw, words, regexes) < 0 || link_suffixes(kw) < 0)
        goto fail;
    Py_DECREF(words);
    Py_DECREF(regexes);
    return capsule;
fail:
    Py_XDECREF(capsule);
    Py_XDECREF(words);
    Py_XDECREF(regexes);
    return NULL;
}

static PyMethodDef methods[] = {
    {"keywords", keywords, METH_VARARGS,
     "keywords(words, regexes) -> capsule\n"
     "The tables walk() reads class/id keywords with, from cleaner.segment._KEYWORDS' bits and regexes."},
    {"walk", walk, METH_VARARGS,
     "walk(root, seg, max_blocks, context) -> bool\n"
     "Fill seg with the blocks of root's tree, as cleaner.segment._Walker does; False when the page\n"
     "needs the Python walk (seg is then partly filled and must be discarded)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_walk", "Compiled segment walk for cleaner.segment.", -1,
                                    methods};

PyMODINIT_FUNC
PyInit__walk(void)
{
    if (import_lxml__etree() < 0)
        return NULL;
    if (!(s_empty = PyUnicode_InternFromString("")) ||
        !(s_gt = PyUnicode_InternFromString(">")) || !(s_html = PyUnicode_InternFromString("html")) ||
        !(s_text = PyUnicode_InternFromString("text")) || !(s_heading = PyUnicode_InternFromString("heading")) ||
        !(s_page_title = PyUnicode_InternFromString("page_title")) ||
        !(s_truncated = PyUnicode_InternFromString("truncated")))
        return NULL;
    return PyModule_Create(&module);
}

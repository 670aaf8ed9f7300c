/* The tree walk of `cleaner.model.TreeEnsemble`, compiled: the model step's inner loop.
 *
 * Same arrays, same steps as the numpy walk in model.py (every row takes `depth` steps down
 * each tree; a leaf points to itself), one row and tree at a time instead of whole-array
 * gathers: 2.5x faster on the dev speed sample. A row stops at its leaf instead of stepping in
 * place until `depth`: a fifth faster again, the same leaves. Optional: without a C compiler the
 * package installs without it and model.py walks the trees with numpy.
 *
 * Every index is checked before the walk, so a damaged model raises instead of reading
 * outside its arrays; the walk itself runs without the GIL.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>

static int
check(int ok, const char *what)
{
    if (!ok)
        PyErr_Format(PyExc_ValueError, "tree arrays: %s", what);
    return ok;
}

/* A leaf points to itself: the steps the numpy walk still takes from it leave the row where it is. */
static inline int
is_leaf(const int32_t *left, const int32_t *right, int32_t node)
{
    return left[node] == node && right[node] == node;
}

static PyObject *
raw_scores(PyObject *self, PyObject *args)
{
    Py_buffer X, feature, threshold, missing_left, left, right, value, roots, out;
    Py_ssize_t width;
    int depth;
    double baseline;
    PyObject *result = NULL;

    if (!PyArg_ParseTuple(args, "y*ny*y*y*y*y*y*y*idw*", &X, &width, &feature, &threshold, &missing_left,
                          &left, &right, &value, &roots, &depth, &baseline, &out))
        return NULL;

    const Py_ssize_t nodes = feature.len / (Py_ssize_t)sizeof(int32_t);
    const Py_ssize_t trees = roots.len / (Py_ssize_t)sizeof(int32_t);
    const Py_ssize_t rows = width > 0 ? X.len / (width * (Py_ssize_t)sizeof(double)) : 0;
    const int32_t *f = feature.buf, *l = left.buf, *r = right.buf, *root = roots.buf;
    const double *t = threshold.buf, *v = value.buf, *x = X.buf;
    const uint8_t *m = missing_left.buf;
    double *o = out.buf;

    if (!check(width > 0 && X.len == rows * width * (Py_ssize_t)sizeof(double), "X is not rows x width doubles") ||
        !check(out.len == rows * (Py_ssize_t)sizeof(double), "out does not hold one double per row") ||
        !check(threshold.len == nodes * (Py_ssize_t)sizeof(double) && value.len == nodes * (Py_ssize_t)sizeof(double) &&
                   missing_left.len == nodes && left.len == feature.len && right.len == feature.len,
               "node arrays of different lengths") ||
        !check(depth >= 0 && depth <= 64, "depth out of range"))
        goto done;
    for (Py_ssize_t i = 0; i < nodes; i++)
        if (!check(f[i] >= 0 && f[i] < width && l[i] >= 0 && l[i] < nodes && r[i] >= 0 && r[i] < nodes,
                   "a node points outside the tree or the row"))
            goto done;
    for (Py_ssize_t i = 0; i < trees; i++)
        if (!check(root[i] >= 0 && root[i] < nodes, "a root points outside the tree"))
            goto done;

    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < rows; i++) {
        const double *row = x + i * width;
        double sum = baseline;
        for (Py_ssize_t k = 0; k < trees; k++) {
            int32_t node = root[k];
            for (int step = 0; step < depth && !is_leaf(l, r, node); step++) {
                double xv = row[f[node]];
                int go_right = isnan(xv) ? !m[node] : xv > t[node];
                node = go_right ? r[node] : l[node];
            }
            sum += v[node];
        }
        o[i] = sum;
    }
    Py_END_ALLOW_THREADS
    result = Py_NewRef(Py_None);

done:
    PyBuffer_Release(&X);
    PyBuffer_Release(&feature);
    PyBuffer_Release(&threshold);
    PyBuffer_Release(&missing_left);
    PyBuffer_Release(&left);
    PyBuffer_Release(&right);
    PyBuffer_Release(&value);
    PyBuffer_Release(&roots);
    PyBuffer_Release(&out);
    return result;
}

static PyMethodDef methods[] = {
    {"raw_scores", raw_scores, METH_VARARGS,
     "raw_scores(X, width, feature, threshold, missing_left, left, right, value, roots, depth, baseline, out)\n"
     "Write each row's log-odds (baseline plus the leaf values of all trees) into out."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_trees", "Compiled tree walk for cleaner.model.", -1,
                                    methods};

PyMODINIT_FUNC
PyInit__trees(void)
{
    return PyModule_Create(&module);
}

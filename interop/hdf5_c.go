//go:build hdf5 && cgo

package interop

// The few HDF5 calls gonum.org/v1/hdf5 does not wrap in a usable way:
// strings (h5py writes variable-length ones, which gonum's Dataset.Read
// cannot take), attributes by index, reads converted to double, and
// scalar and array writes with the type h5py would choose.

// #cgo pkg-config: hdf5
// #include <hdf5.h>
// #include <stdlib.h>
// #include <string.h>
//
// static hid_t rbm_type(hid_t obj, int attr) { return attr ? H5Aget_type(obj) : H5Dget_type(obj); }
// static hid_t rbm_space(hid_t obj, int attr) { return attr ? H5Aget_space(obj) : H5Dget_space(obj); }
// static herr_t rbm_read(hid_t obj, int attr, hid_t mt, void *buf) {
//   return attr ? H5Aread(obj, mt, buf) : H5Dread(obj, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
// }
//
// // rbm_read_str returns a scalar string's value (malloc'd) or NULL.
// static char *rbm_read_str(hid_t obj, int attr) {
//   hid_t ft = rbm_type(obj, attr);
//   if (ft < 0) return NULL;
//   char *out = NULL;
//   if (H5Tget_class(ft) == H5T_STRING) {
//     hid_t mt = H5Tcopy(H5T_C_S1);
//     H5Tset_cset(mt, H5Tget_cset(ft));
//     if (H5Tis_variable_str(ft) > 0) {
//       char *s = NULL;
//       H5Tset_size(mt, H5T_VARIABLE);
//       if (rbm_read(obj, attr, mt, &s) >= 0 && s != NULL) { out = strdup(s); H5free_memory(s); }
//     } else {
//       size_t n = H5Tget_size(ft);
//       H5Tset_size(mt, n + 1);
//       H5Tset_strpad(mt, H5T_STR_NULLTERM);
//       out = calloc(n + 2, 1);
//       if (rbm_read(obj, attr, mt, out) < 0) { free(out); out = NULL; }
//     }
//     H5Tclose(mt);
//   }
//   H5Tclose(ft);
//   return out;
// }
//
// // rbm_info gives an object's type class, element size and point count.
// static int rbm_info(hid_t obj, int attr, int *cls, size_t *size, long long *points) {
//   hid_t ft = rbm_type(obj, attr);
//   if (ft < 0) return -1;
//   *cls = H5Tget_class(ft);
//   *size = H5Tget_size(ft);
//   H5Tclose(ft);
//   hid_t sp = rbm_space(obj, attr);
//   if (sp < 0) return -1;
//   *points = H5Sget_simple_extent_npoints(sp);
//   H5Sclose(sp);
//   return 0;
// }
//
// static herr_t rbm_read_double(hid_t obj, int attr, double *buf) { return rbm_read(obj, attr, H5T_NATIVE_DOUBLE, buf); }
//
// static int rbm_num_attrs(hid_t loc) { return H5Aget_num_attrs(loc); }
// static hid_t rbm_open_attr(hid_t loc, int i) {
//   return H5Aopen_by_idx(loc, ".", H5_INDEX_NAME, H5_ITER_INC, (hsize_t)i, H5P_DEFAULT, H5P_DEFAULT);
// }
// static ssize_t rbm_attr_name(hid_t attr, char *buf, size_t n) { return H5Aget_name(attr, n, buf); }
//
// // rbm_ocpl is a creation property list without modification times, so
// // that the same models give the same bytes.
// static hid_t rbm_ocpl(hid_t cls) {
//   hid_t p = H5Pcreate(cls);
//   if (p >= 0) H5Pset_obj_track_times(p, 0);
//   return p;
// }
//
// static hid_t rbm_create_group(hid_t loc, const char *name) {
//   hid_t p = rbm_ocpl(H5P_GROUP_CREATE);
//   hid_t g = H5Gcreate2(loc, name, H5P_DEFAULT, p, H5P_DEFAULT);
//   H5Pclose(p);
//   return g;
// }
//
// static herr_t rbm_write_str(hid_t loc, const char *name, const char *value) {
//   hid_t t = H5Tcopy(H5T_C_S1);
//   H5Tset_size(t, H5T_VARIABLE);
//   H5Tset_cset(t, H5T_CSET_UTF8);
//   hid_t s = H5Screate(H5S_SCALAR);
//   hid_t p = rbm_ocpl(H5P_DATASET_CREATE);
//   hid_t d = H5Dcreate2(loc, name, t, s, H5P_DEFAULT, p, H5P_DEFAULT);
//   herr_t rc = -1;
//   if (d >= 0) { rc = H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value); H5Dclose(d); }
//   H5Pclose(p);
//   H5Sclose(s);
//   H5Tclose(t);
//   return rc;
// }
//
// // rbm_write writes an array (rank 0: a scalar) of kind 0 float32,
// // 1 float64, 2 int64, in little-endian IEEE/two's complement as h5py does.
// static herr_t rbm_write(hid_t loc, const char *name, int kind, int rank, const hsize_t *dims, const void *data) {
//   hid_t mt = kind == 0 ? H5T_NATIVE_FLOAT : kind == 1 ? H5T_NATIVE_DOUBLE : H5T_NATIVE_LLONG;
//   hid_t ft = kind == 0 ? H5T_IEEE_F32LE : kind == 1 ? H5T_IEEE_F64LE : H5T_STD_I64LE;
//   hid_t s = rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(rank, dims, NULL);
//   hid_t p = rbm_ocpl(H5P_DATASET_CREATE);
//   hid_t d = H5Dcreate2(loc, name, ft, s, H5P_DEFAULT, p, H5P_DEFAULT);
//   herr_t rc = -1;
//   if (d >= 0) { rc = H5Dwrite(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, data); H5Dclose(d); }
//   H5Pclose(p);
//   H5Sclose(s);
//   return rc;
// }
import "C"

import (
	"errors"
	"fmt"
	"unsafe"
)

// hid is an HDF5 identifier of a dataset (attr false) or an attribute.
type hobj struct {
	id   C.hid_t
	attr bool
}

func cbool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

// str reads a scalar string; ok is false when the object is not one.
func (o hobj) str() (string, bool) {
	p := C.rbm_read_str(o.id, cbool(o.attr))
	if p == nil {
		return "", false
	}
	defer C.free(unsafe.Pointer(p))
	return C.GoString(p), true
}

const (
	classInteger = int(C.H5T_INTEGER)
	classFloat   = int(C.H5T_FLOAT)
	classString  = int(C.H5T_STRING)
)

// info returns the type class, the element size in bytes and the number
// of elements.
func (o hobj) info() (class int, size int, points int, err error) {
	var cls C.int
	var sz C.size_t
	var np C.longlong
	if C.rbm_info(o.id, cbool(o.attr), &cls, &sz, &np) < 0 {
		return 0, 0, 0, errors.New("cannot read its type")
	}
	return int(cls), int(sz), int(np), nil
}

// doubles reads every element converted to float64 (exact for float32
// and for integers below 2⁵³).
func (o hobj) doubles(points int) ([]float64, error) {
	out := make([]float64, points)
	if points == 0 {
		return out, nil
	}
	if C.rbm_read_double(o.id, cbool(o.attr), (*C.double)(unsafe.Pointer(&out[0]))) < 0 {
		return nil, errors.New("cannot read its values (truncated file?)")
	}
	return out, nil
}

// attrs lists the attributes of an object as JSON-able values.
func attrs(loc C.hid_t) (map[string]any, error) {
	n := int(C.rbm_num_attrs(loc))
	if n < 0 {
		return nil, errors.New("cannot list attributes")
	}
	out := map[string]any{}
	for i := 0; i < n; i++ {
		id := C.rbm_open_attr(loc, C.int(i))
		if id < 0 {
			return nil, fmt.Errorf("cannot open attribute %d", i)
		}
		var buf [256]C.char
		C.rbm_attr_name(id, &buf[0], C.size_t(len(buf)))
		name := C.GoString(&buf[0])
		v, err := value(hobj{id: id, attr: true})
		C.H5Aclose(id)
		if err != nil {
			return nil, fmt.Errorf("attribute %s: %v", name, err)
		}
		out[name] = v
	}
	return out, nil
}

// value reads a string, a number or an array of numbers; other types give
// a description of what they are.
func value(o hobj) (any, error) {
	class, _, points, err := o.info()
	if err != nil {
		return nil, err
	}
	switch class {
	case classString:
		if s, ok := o.str(); ok {
			return s, nil
		}
		return "(array of strings)", nil
	case classInteger, classFloat:
		v, err := o.doubles(points)
		if err != nil {
			return nil, err
		}
		if len(v) == 1 {
			return v[0], nil
		}
		return v, nil
	}
	return fmt.Sprintf("(HDF5 type class %d)", class), nil
}

func writeString(loc C.hid_t, name, v string) error {
	cn, cv := C.CString(name), C.CString(v)
	defer C.free(unsafe.Pointer(cn))
	defer C.free(unsafe.Pointer(cv))
	if C.rbm_write_str(loc, cn, cv) < 0 {
		return fmt.Errorf("cannot write %s", name)
	}
	return nil
}

// writeArray writes float32, float64 or int64 values with the given
// shape (none: a scalar).
func writeArray[T float32 | float64 | int64](loc C.hid_t, name string, v []T, shape ...int) error {
	kind := C.int(0)
	switch any(v).(type) {
	case []float64:
		kind = 1
	case []int64:
		kind = 2
	}
	dims := make([]C.hsize_t, len(shape)+1)
	for i, d := range shape {
		dims[i] = C.hsize_t(d)
	}
	var data unsafe.Pointer
	if len(v) > 0 {
		data = unsafe.Pointer(&v[0])
	}
	cn := C.CString(name)
	defer C.free(unsafe.Pointer(cn))
	if C.rbm_write(loc, cn, kind, C.int(len(shape)), &dims[0], data) < 0 {
		return fmt.Errorf("cannot write %s", name)
	}
	return nil
}

// createGroup makes a group without modification times; close it with
// closeGroup.
func createGroup(loc C.hid_t, name string) (C.hid_t, error) {
	cn := C.CString(name)
	defer C.free(unsafe.Pointer(cn))
	g := C.rbm_create_group(loc, cn)
	if g < 0 {
		return g, fmt.Errorf("cannot create group %s", name)
	}
	return g, nil
}

func closeGroup(g C.hid_t) { C.H5Gclose(g) }

package interop

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"sort"
	"strings"

	"github.com/nlpodyssey/gopickle/pickle"
	"github.com/nlpodyssey/gopickle/pytorch"
	"github.com/nlpodyssey/gopickle/types"
)

// torchLegacyMagic is how torch.save's legacy (pre-1.6) format begins: a
// pickle protocol opcode and its version byte (any), then the magic
// number 0x1950a86a20f9469cfc6c as a pickled LONG1.
var torchLegacyMagic = []byte("\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19")

// isTorchLegacy says whether head begins like torch.save's legacy format.
func isTorchLegacy(head []byte) bool {
	return len(head) >= 2+len(torchLegacyMagic) && head[0] == 0x80 && bytes.HasPrefix(head[2:], torchLegacyMagic)
}

// isTorchZip says whether a zip file is torch.save's: its first entry
// (torch writes the pickle first) or any entry of its central directory is
// data.pkl in the archive's one folder. The first entry's name is read
// from the local header, so that a truncated file is still recognised.
func isTorchZip(data []byte) bool {
	isPickle := func(name string) bool {
		dir, base := path.Split(name)
		return base == "data.pkl" && strings.Count(dir, "/") <= 1
	}
	if len(data) >= 30 && bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		n := int(binary.LittleEndian.Uint16(data[26:28]))
		if 30+n <= len(data) && isPickle(string(data[30:30+n])) {
			return true
		}
	}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range z.File {
		if isPickle(f.Name) {
			return true
		}
	}
	return false
}

// torchDtype is a storage class of torch.save's pickles.
type torchDtype struct {
	name  string // PyTorch's dtype name
	item  int    // bytes per element
	float bool   // usable as parameters
}

// torchDtypes are the storage classes a state dict may name; every other
// name in a pickle is refused (errNeedsCode).
var torchDtypes = map[string]*torchDtype{
	"torch.HalfStorage":     {"float16", 2, true},
	"torch.BFloat16Storage": {"bfloat16", 2, true},
	"torch.FloatStorage":    {"float32", 4, true},
	"torch.DoubleStorage":   {"float64", 8, true},
	"torch.LongStorage":     {"int64", 8, false},
	"torch.IntStorage":      {"int32", 4, false},
	"torch.ShortStorage":    {"int16", 2, false},
	"torch.CharStorage":     {"int8", 1, false},
	"torch.ByteStorage":     {"uint8", 1, false},
	"torch.BoolStorage":     {"bool", 1, false},
}

// torchStorage is one storage named by the pickle; its bytes are read
// after the pickle, as torch.load does.
type torchStorage struct {
	dtype *torchDtype
	key   string
	numel int
	raw   []byte // little-endian, numel·item bytes once read
}

// torchTensor is a tensor rebuilt from a storage: shape, strides and
// offset in elements.
type torchTensor struct {
	storage       *torchStorage
	offset        int
	shape, stride []int
}

// rebuildTensor stands for torch._utils._rebuild_tensor_v2(storage,
// offset, size, stride, requires_grad, backward_hooks[, metadata]).
type rebuildTensor struct{}

func (rebuildTensor) Call(args ...any) (any, error) {
	if len(args) < 4 {
		return nil, fmt.Errorf("_rebuild_tensor_v2 with %d arguments", len(args))
	}
	s, ok1 := args[0].(*torchStorage)
	off, ok2 := args[1].(int)
	shape, ok3 := intTuple(args[2])
	stride, ok4 := intTuple(args[3])
	if !ok1 || !ok2 || !ok3 || !ok4 || len(shape) != len(stride) || off < 0 {
		return nil, errors.New("_rebuild_tensor_v2 with arguments that are not a storage, an offset, a size and strides")
	}
	return &torchTensor{storage: s, offset: off, shape: shape, stride: stride}, nil
}

// rebuildParameter stands for torch._utils._rebuild_parameter(data,
// requires_grad, backward_hooks): an nn.Parameter is its tensor here.
type rebuildParameter struct{}

func (rebuildParameter) Call(args ...any) (any, error) {
	if len(args) < 1 {
		return nil, errors.New("_rebuild_parameter without a tensor")
	}
	t, ok := args[0].(*torchTensor)
	if !ok {
		return nil, errors.New("_rebuild_parameter of something other than a tensor")
	}
	return t, nil
}

func intTuple(v any) ([]int, bool) {
	t, ok := v.(*types.Tuple)
	if !ok {
		return nil, false
	}
	out := make([]int, t.Len())
	for i := range out {
		if out[i], ok = t.Get(i).(int); !ok || out[i] < 0 {
			return nil, false
		}
	}
	return out, true
}

// errNeedsCode is a pickle naming a Python object outside the tensor
// rebuilders and storage classes: to rebuild it, Python would import and
// run that code. Nothing is run here: the file is refused.
type errNeedsCode struct{ name string }

func (e errNeedsCode) Error() string {
	return fmt.Sprintf("the pickle needs Python code to load (%s): this is a whole module or another Python object, not a state dict of tensors; "+
		"save one with torch.save(model.state_dict(), path) (nothing in the file was run)", e.name)
}

// findTorchClass resolves the names a pickle imports. Only the tensor
// rebuilders and storage classes are known; gopickle itself maps
// collections.OrderedDict, builtins.dict and builtins.list to plain
// containers before asking. Everything else is refused.
func findTorchClass(module, name string) (any, error) {
	full := module + "." + name
	switch full {
	case "torch._utils._rebuild_tensor_v2":
		return rebuildTensor{}, nil
	case "torch._utils._rebuild_parameter":
		return rebuildParameter{}, nil
	}
	if d, ok := torchDtypes[full]; ok {
		return d, nil
	}
	return nil, errNeedsCode{full}
}

// torchLoader unpickles a state dict, registering the storages it names.
type torchLoader struct {
	storages map[string]*torchStorage
	// room says whether a storage of n bytes under key can be in the file.
	room func(key string, n int) error
}

func (l *torchLoader) persistentLoad(id any) (any, error) {
	t, ok := id.(*types.Tuple)
	if !ok || t.Len() < 5 {
		return nil, fmt.Errorf("a persistent id %v that is not a storage", id)
	}
	kind, _ := t.Get(0).(string)
	dtype, ok1 := t.Get(1).(*torchDtype)
	key, ok2 := t.Get(2).(string)
	numel, ok3 := t.Get(4).(int)
	if kind != "storage" || !ok1 || !ok2 || !ok3 || numel < 0 {
		return nil, fmt.Errorf("a persistent id %v that is not a storage", id)
	}
	if t.Len() > 5 && t.Get(5) != nil {
		return nil, errors.New("a storage view (legacy format): not supported")
	}
	if s, ok := l.storages[key]; ok {
		if s.dtype != dtype || s.numel != numel {
			return nil, fmt.Errorf("storage %s named twice with different types or sizes", key)
		}
		return s, nil
	}
	if numel > math.MaxInt32*8/dtype.item {
		return nil, fmt.Errorf("storage %s claims %d elements", key, numel)
	}
	if err := l.room(key, numel*dtype.item); err != nil {
		return nil, err
	}
	s := &torchStorage{dtype: dtype, key: key, numel: numel}
	l.storages[key] = s
	return s, nil
}

// unpickle runs the pickle at the start of b, and says how many bytes it
// took.
func (l *torchLoader) unpickle(b []byte) (obj any, n int, err error) {
	// The unpickler allocates what a length field claims before reading
	// it: the pickle is first checked to fit in b.
	if n, err = pickleLength(b); err != nil {
		return nil, 0, fmt.Errorf("not a readable pickle: %v", err)
	}
	defer func() {
		// A malformed pickle can panic in the unpickler; a bad file is an error.
		if p := recover(); p != nil {
			obj, err = nil, fmt.Errorf("not a readable pickle: %v", p)
		}
	}()
	u := pickle.NewUnpickler(bytes.NewReader(b[:n]))
	u.FindClass = findTorchClass
	u.PersistentLoad = l.persistentLoad
	obj, err = u.Load()
	if err != nil {
		var code errNeedsCode
		if errors.As(err, &code) {
			return nil, 0, code
		}
		return nil, 0, fmt.Errorf("not a readable pickle: %v", err)
	}
	return obj, n, nil
}

// readTorch reads a state dict saved by torch.save, in the zip format or
// the legacy one.
func readTorch(data []byte, opt Options) (*Archive, error) {
	for role := range opt.Keys {
		if _, ok := torchNames[role]; !ok {
			return nil, fmt.Errorf("-keys %s: PyTorch state dicts are read for W, a and b only", role)
		}
	}
	l := &torchLoader{storages: map[string]*torchStorage{}}
	var obj any
	var err error
	if isTorchLegacy(data) {
		obj, err = l.readLegacy(data)
	} else {
		obj, err = l.readZip(data)
	}
	if err != nil {
		return nil, err
	}
	tensors := map[string]*torchTensor{}
	if err := flattenStateDict("", obj, tensors, 0); err != nil {
		return nil, err
	}
	var keys []string
	for k := range tensors {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	names := func() string {
		if len(keys) == 0 {
			return "no tensors"
		}
		return strings.Join(keys, ", ")
	}
	var arrs [3]array
	for i, role := range []string{"W", "a", "b"} {
		key, err := pickTorchKey(role, keys, opt, names)
		if err != nil {
			return nil, err
		}
		if arrs[i], err = tensors[key].array(key); err != nil {
			return nil, err
		}
	}
	snaps, n, m, wasT, err := assemble(arrs[0], arrs[1], arrs[2], opt.Transposed, false)
	if err != nil {
		return nil, err
	}
	if len(snaps) != 1 || len(arrs[0].shape) != 2 {
		return nil, fmt.Errorf("weights %s have shape %s: want a matrix (N×M or M×N)", arrs[0].name, arrs[0].shapeString())
	}
	return &Archive{Layout: LayoutTorch, Units: unitsOr(opt), Visible: n, Hidden: m, Transposed: wasT,
		Converted: arrs[0].float64 || arrs[1].float64 || arrs[2].float64, Snapshots: snaps}, nil
}

// torchNames are the state-dict names recognised for each role, in order
// of preference, matched against a key's last dotted part (module
// prefixes such as "rbm." are dropped): npz's names and nn.Linear's
// "weight".
var torchNames = map[string][]string{
	"W": append([]string{"W", "weight"}, npzNames["W"][1:]...),
	"a": npzNames["a"],
	"b": npzNames["b"],
}

func pickTorchKey(role string, keys []string, opt Options, names func() string) (string, error) {
	if k, ok := opt.Keys[role]; ok {
		for _, have := range keys {
			if have == k {
				return k, nil
			}
		}
		return "", fmt.Errorf("-keys %s=%s: no such tensor; the state dict has %s", role, k, names())
	}
	for _, name := range torchNames[role] {
		var hits []string
		for _, k := range keys {
			if k == name || strings.HasSuffix(k, "."+name) {
				hits = append(hits, k)
			}
		}
		switch len(hits) {
		case 0:
			continue
		case 1:
			return hits[0], nil
		default:
			return "", fmt.Errorf("%s tensor: %s all match; name one with -keys %s=KEY", role, strings.Join(hits, ", "), role)
		}
	}
	return "", fmt.Errorf("no %s tensor: the state dict has %s, none named %s (after any module prefix); name it with -keys %s=KEY",
		role, names(), strings.Join(torchNames[role], ", "), role)
}

// flattenStateDict collects the tensors of a dict (nested dicts, such as
// {"model": state_dict, ...}, give dotted keys). Other values (numbers,
// strings, lists) are ignored.
func flattenStateDict(prefix string, obj any, out map[string]*torchTensor, depth int) error {
	each := func(key, v any) error {
		k, ok := key.(string)
		if !ok {
			return nil
		}
		if prefix != "" {
			k = prefix + "." + k
		}
		switch v := v.(type) {
		case *torchTensor:
			out[k] = v
		case *types.Dict, *types.OrderedDict:
			if depth < 8 {
				return flattenStateDict(k, v, out, depth+1)
			}
		}
		return nil
	}
	switch d := obj.(type) {
	case *types.OrderedDict:
		for e := d.List.Front(); e != nil; e = e.Next() {
			entry := e.Value.(*types.OrderedDictEntry)
			if err := each(entry.Key, entry.Value); err != nil {
				return err
			}
		}
	case *types.Dict:
		for _, entry := range *d {
			if err := each(entry.Key, entry.Value); err != nil {
				return err
			}
		}
	case *torchTensor:
		return errors.New("the file holds one tensor, not a state dict: save a dict such as {\"W\": W, \"v_bias\": a, \"h_bias\": b}")
	default:
		return fmt.Errorf("the file holds a %T, not a state dict (a dict of tensors): save one with torch.save(model.state_dict(), path)", obj)
	}
	return nil
}

// array gathers a float tensor's elements in C order.
func (t *torchTensor) array(key string) (array, error) {
	s := t.storage
	if !s.dtype.float {
		return array{}, fmt.Errorf("%s is a %s tensor: want float16, bfloat16, float32 or float64", key, s.dtype.name)
	}
	count := 1
	for _, d := range t.shape {
		if d != 0 && count > s.numel/d {
			return array{}, fmt.Errorf("%s: %v elements of a storage of %d (an expanded view?): save it with .contiguous()", key, t.shape, s.numel)
		}
		count *= d
	}
	last := t.offset
	for i, d := range t.shape {
		if d > 0 {
			last += (d - 1) * t.stride[i]
		}
	}
	if count > 0 && last >= s.numel {
		return array{}, fmt.Errorf("%s: shape %v, strides %v and offset %d reach past its storage of %d elements", key, t.shape, t.stride, t.offset, s.numel)
	}
	x := array{name: key, shape: append([]int(nil), t.shape...), values: make([]float64, count), float64: s.dtype.name == "float64"}
	idx := make([]int, len(t.shape))
	for c := 0; c < count; c++ {
		off := t.offset
		for d, i := range idx {
			off += i * t.stride[d]
		}
		x.values[c] = s.value(off)
		for d := len(idx) - 1; d >= 0; d-- {
			idx[d]++
			if idx[d] < t.shape[d] {
				break
			}
			idx[d] = 0
		}
	}
	return x, nil
}

// value decodes element i (exact in float64 for every float dtype).
func (s *torchStorage) value(i int) float64 {
	b := s.raw[i*s.dtype.item:]
	switch s.dtype.name {
	case "float16":
		return float64(math.Float32frombits(pytorch.FloatBits16to32(binary.LittleEndian.Uint16(b))))
	case "bfloat16":
		return float64(math.Float32frombits(uint32(binary.LittleEndian.Uint16(b)) << 16))
	case "float32":
		return float64(math.Float32frombits(binary.LittleEndian.Uint32(b)))
	default:
		return math.Float64frombits(binary.LittleEndian.Uint64(b))
	}
}

// readZip reads torch.save's zip format (PyTorch ≥ 1.6): <dir>/data.pkl,
// and each storage as <dir>/data/<key>, little-endian unless
// <dir>/byteorder says otherwise.
func (l *torchLoader) readZip(data []byte) (any, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a readable PyTorch zip file (truncated?): %v", err)
	}
	var pkl *zip.File
	for _, f := range z.File {
		if dir, base := path.Split(f.Name); base == "data.pkl" && strings.Count(dir, "/") <= 1 {
			pkl = f
		}
	}
	if pkl == nil {
		return nil, errors.New("a zip file without data.pkl: not a PyTorch file")
	}
	dir, _ := path.Split(pkl.Name)
	entries := map[string]*zip.File{}
	for _, f := range z.File {
		entries[f.Name] = f
	}
	if f := entries[dir+"constants.pkl"]; f != nil {
		return nil, errors.New("a TorchScript archive (torch.jit.save): save a state dict with torch.save(model.state_dict(), path)")
	}
	if f := entries[dir+"byteorder"]; f != nil {
		b, err := readEntry(f, 16)
		if err != nil {
			return nil, err
		}
		if string(b) != "little" {
			return nil, fmt.Errorf("byteorder %q: only little-endian files are read", b)
		}
	}
	l.room = func(key string, n int) error {
		f := entries[dir+"data/"+key]
		if f == nil {
			return fmt.Errorf("storage %s: no entry %sdata/%s in the zip file", key, dir, key)
		}
		if f.UncompressedSize64 < uint64(n) {
			return fmt.Errorf("storage %s: %d bytes, its entry holds %d (truncated?)", key, n, f.UncompressedSize64)
		}
		return nil
	}
	p, err := readEntry(pkl, 1<<30)
	if err != nil {
		return nil, err
	}
	obj, _, err := l.unpickle(p)
	if err != nil {
		return nil, err
	}
	for key, s := range l.storages {
		b, err := readEntry(entries[dir+"data/"+key], int64(s.numel*s.dtype.item))
		if err != nil {
			return nil, err
		}
		if len(b) < s.numel*s.dtype.item {
			return nil, fmt.Errorf("storage %s: %d bytes of %d (truncated?)", key, len(b), s.numel*s.dtype.item)
		}
		s.raw = b
	}
	return obj, nil
}

// readEntry reads at most limit bytes of a zip entry.
func readEntry(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", f.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit))
	if err != nil {
		return nil, fmt.Errorf("%s: %v (truncated?)", f.Name, err)
	}
	return b, nil
}

// readLegacy reads torch.save's legacy format (_use_new_zipfile_serialization=False):
// pickles of the magic number, the protocol version (1001) and the system
// info, the state dict's pickle, the list of storage keys, then each
// storage in that order as an 8-byte little-endian element count and its
// elements.
func (l *torchLoader) readLegacy(data []byte) (any, error) {
	off := 0
	l.room = func(key string, n int) error {
		if n > len(data)-off {
			return fmt.Errorf("storage %s: %d bytes, more than the rest of the file (truncated?)", key, n)
		}
		return nil
	}
	plain := &torchLoader{storages: map[string]*torchStorage{}, room: l.room}
	for i, want := range []string{"magic number", "protocol version", "system info"} {
		v, n, err := plain.unpickle(data[off:])
		if err != nil {
			return nil, fmt.Errorf("%s: %v", want, err)
		}
		if i == 1 && v != 1001 {
			return nil, fmt.Errorf("protocol version %v: only 1001 is read", v)
		}
		off += n
	}
	obj, n, err := l.unpickle(data[off:])
	if err != nil {
		return nil, err
	}
	off += n
	v, n, err := plain.unpickle(data[off:])
	if err != nil {
		return nil, fmt.Errorf("storage keys: %v", err)
	}
	off += n
	r := bytes.NewReader(data[off:])
	list, ok := v.(*types.List)
	if !ok {
		return nil, errors.New("storage keys: not a list")
	}
	for _, k := range *list {
		key, _ := k.(string)
		s := l.storages[key]
		if s == nil {
			return nil, fmt.Errorf("storage keys: %v is not a storage of the pickle", k)
		}
		var count uint64
		if err := binary.Read(r, binary.LittleEndian, &count); err != nil {
			return nil, fmt.Errorf("storage %s: %v (truncated?)", key, err)
		}
		if count != uint64(s.numel) {
			return nil, fmt.Errorf("storage %s: %d elements, the pickle says %d", key, count, s.numel)
		}
		n := s.numel * s.dtype.item
		if n > r.Len() {
			return nil, fmt.Errorf("storage %s: %d bytes, %d left in the file (truncated?)", key, n, r.Len())
		}
		s.raw = make([]byte, n)
		r.Read(s.raw)
	}
	for key, s := range l.storages {
		if s.raw == nil && s.numel > 0 {
			return nil, fmt.Errorf("storage %s: not in the file's storage list", key)
		}
	}
	return obj, nil
}

// pickleLength walks the opcodes of the pickle at the start of b up to its
// STOP and returns its length, refusing an unknown opcode or an argument
// longer than what is left of b. It checks sizes only; the unpickler
// does the rest.
func pickleLength(b []byte) (int, error) {
	i := 0
	need := func(n uint64) error {
		if n > uint64(len(b)-i) {
			return fmt.Errorf("an argument of %d bytes at byte %d, %d left (truncated?)", n, i, len(b)-i)
		}
		i += int(n)
		return nil
	}
	readUint := func(size int) (uint64, error) {
		if size > len(b)-i {
			return 0, fmt.Errorf("truncated at byte %d", i)
		}
		var v uint64
		for k := size - 1; k >= 0; k-- {
			v = v<<8 | uint64(b[i+k])
		}
		i += size
		return v, nil
	}
	line := func() error {
		j := bytes.IndexByte(b[i:], '\n')
		if j < 0 {
			return fmt.Errorf("an unterminated line at byte %d (truncated?)", i)
		}
		i += j + 1
		return nil
	}
	for i < len(b) {
		op := b[i]
		i++
		var err error
		switch op {
		case '.': // STOP
			return i, nil
		case '(', '0', '1', '2', 'N', 'R', 'a', 'b', 'd', '}', 'e', 'l', ']', 'o', 's', 't', ')', 'u', 'Q',
			0x81, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x97, 0x98:
		case 0x80, 'K', 'h', 'q', 0x82: // PROTO BININT1 BINGET BINPUT EXT1
			err = need(1)
		case 'M', 0x83: // BININT2 EXT2
			err = need(2)
		case 'J', 'j', 'r', 0x84: // BININT LONG_BINGET LONG_BINPUT EXT4
			err = need(4)
		case 'G': // BINFLOAT
			err = need(8)
		case 0x95: // FRAME: its length is checked; its opcodes are walked on
			var n uint64
			if n, err = readUint(8); err == nil && n > uint64(len(b)-i) {
				err = fmt.Errorf("a frame of %d bytes at byte %d, %d left (truncated?)", n, i, len(b)-i)
			}
		case 'U', 'C', 0x8c, 0x8a: // SHORT_BINSTRING SHORT_BINBYTES SHORT_BINUNICODE LONG1
			var n uint64
			if n, err = readUint(1); err == nil {
				err = need(n)
			}
		case 'T', 'B', 'X', 0x8b: // BINSTRING BINBYTES BINUNICODE LONG4
			var n uint64
			if n, err = readUint(4); err == nil {
				err = need(n)
			}
		case 0x8d, 0x8e, 0x96: // BINUNICODE8 BINBYTES8 BYTEARRAY8
			var n uint64
			if n, err = readUint(8); err == nil {
				err = need(n)
			}
		case 'I', 'L', 'F', 'S', 'V', 'P', 'g', 'p': // one line
			err = line()
		case 'c', 'i': // GLOBAL, INST: module and name lines
			if err = line(); err == nil {
				err = line()
			}
		default:
			return 0, fmt.Errorf("unknown opcode 0x%02x at byte %d", op, i-1)
		}
		if err != nil {
			return 0, err
		}
	}
	return 0, errors.New("no STOP opcode (truncated?)")
}

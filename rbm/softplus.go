package rbm

import "math"

// The fast kernel of the free energies' hidden sums: g(y) = log(1 + e^{−y})
// for y ≥ 0 (Log1pExpNeg), from which softplus(x) = max(x, 0) + g(|x|)
// and log 2cosh x = |x| + g(2|x|). Softplus and Log2Cosh (energy.go;
// math.Log1p of math.Exp) stay the reference and serve exact enumeration,
// AIS and everything whose bytes must not move; the kernel serves the hot
// loops of the Gibbs sampler's free energies (gibbs.Sampler.FreeEnergies,
// hence trajectory AIS and parallel trajectory tempering), about 3× faster.
// Its error is at most 2 units in the last place against a 300-bit
// reference (measured 1.24 over 4,500 points) and 4 ulp against the
// reference Softplus (measured 3 over 6 million points, where the
// reference is itself about 1.8 ulp off; TestLog1pExpNegAccuracy,
// TestSoftplusFastAgainstMath).
//
// Below y = 16, g is a degree-8 Taylor polynomial about the centre of the
// y's interval of width 1/16 (|y − c| ≤ 1/32; g's singularities at ±iπ make
// the truncation below 1e-18 relative); the 256 × 9 coefficients
// g^{(k)}(c)/k! were computed to 300 bits (g' = −p, p = 1/(1+e^{y}), and
// the higher derivatives polynomials in p) and rounded once: no
// logarithm, exponential or division. From 16 to 708, g = t − t²/2 + t³/3
// with t = e^{−y} (the next term is below 1e-21 relative): e^{−y} = 2^k ·
// 2^{j/64} · e^r with −y = (64k + j)·ln2/64 + r, |r| ≤ ln2/128, the 64
// values 2^{j/64} a table rounded from 300 bits, e^r − 1 a degree-6 Taylor
// polynomial. Above 708 (e^{−y} near the subnormal range) and for NaN the
// reference math.Log1p(math.Exp(−y)) takes over. Products are converted to
// float64 before they are added, which in Go forbids fusing them into FMA
// instructions, so the result has the same bits on every machine.

// expTable[j] is 2^{j/64} rounded to nearest.
var expTable = [64]uint64{
	0x3ff0000000000000, 0x3ff02c9a3e778061, 0x3ff059b0d3158574, 0x3ff0874518759bc8,
	0x3ff0b5586cf9890f, 0x3ff0e3ec32d3d1a2, 0x3ff11301d0125b51, 0x3ff1429aaea92de0,
	0x3ff172b83c7d517b, 0x3ff1a35beb6fcb75, 0x3ff1d4873168b9aa, 0x3ff2063b88628cd6,
	0x3ff2387a6e756238, 0x3ff26b4565e27cdd, 0x3ff29e9df51fdee1, 0x3ff2d285a6e4030b,
	0x3ff306fe0a31b715, 0x3ff33c08b26416ff, 0x3ff371a7373aa9cb, 0x3ff3a7db34e59ff7,
	0x3ff3dea64c123422, 0x3ff4160a21f72e2a, 0x3ff44e086061892d, 0x3ff486a2b5c13cd0,
	0x3ff4bfdad5362a27, 0x3ff4f9b2769d2ca7, 0x3ff5342b569d4f82, 0x3ff56f4736b527da,
	0x3ff5ab07dd485429, 0x3ff5e76f15ad2148, 0x3ff6247eb03a5585, 0x3ff6623882552225,
	0x3ff6a09e667f3bcd, 0x3ff6dfb23c651a2f, 0x3ff71f75e8ec5f74, 0x3ff75feb564267c9,
	0x3ff7a11473eb0187, 0x3ff7e2f336cf4e62, 0x3ff82589994cce13, 0x3ff868d99b4492ed,
	0x3ff8ace5422aa0db, 0x3ff8f1ae99157736, 0x3ff93737b0cdc5e5, 0x3ff97d829fde4e50,
	0x3ff9c49182a3f090, 0x3ffa0c667b5de565, 0x3ffa5503b23e255d, 0x3ffa9e6b5579fdbf,
	0x3ffae89f995ad3ad, 0x3ffb33a2b84f15fb, 0x3ffb7f76f2fb5e47, 0x3ffbcc1e904bc1d2,
	0x3ffc199bdd85529c, 0x3ffc67f12e57d14b, 0x3ffcb720dcef9069, 0x3ffd072d4a07897c,
	0x3ffd5818dcfba487, 0x3ffda9e603db3285, 0x3ffdfc97337b9b5f, 0x3ffe502ee78b3ff6,
	0x3ffea4afa2a490da, 0x3ffefa1bee615a27, 0x3fff50765b6e4540, 0x3fffa7c1819e90d8,
}

const (
	// the polynomial table (softplusTable): intervals [i, i+1)/tableDensity
	// below tableEnd, tableDegree+1 coefficients each, constant first.
	tableEnd     = 16.0
	tableDensity = 16
	tableDegree  = 8

	kernelMaxY = 708.0 // 2^k stays a normal number below this
	// ln2/64 split: the high part has 21 trailing zero bits, so n·ln2Hi64
	// is exact for |n| < 2^21 (n ≤ 64·708/ln 2 ≈ 65,400).
	ln2Hi64   = 6.93147180369123816490e-01 / 64
	ln2Lo64   = 1.90821492927058770002e-10 / 64
	inv64Ln2  = 64 / math.Ln2
	roundBias = 0x1.8p52 // adding and subtracting it rounds to an integer
)

// Log1pExpNeg returns log(1 + e^{−y}) for y ≥ 0 by the fast kernel (at
// most 2 ulp from the exact value). It returns NaN for NaN and 0 for +Inf;
// negative y is outside its domain (use SoftplusFast).
func Log1pExpNeg(y float64) float64 {
	if y < tableEnd {
		return tableG(y)
	}
	return tailG(y)
}

// tableG is g(y) for 0 ≤ y < tableEnd, from the polynomial table; small
// enough to be inlined into the loops.
func tableG(y float64) float64 {
	i := int(y * tableDensity)
	d := y - (float64(i)+0.5)/tableDensity
	c := (*[tableDegree + 1]uint64)(softplusTable[i*(tableDegree+1):])
	// The terms of degree ≥ 2 in pairs by powers of d² (Estrin's scheme,
	// a shorter chain of dependent operations than Horner's), the two
	// leading ones by Horner's, which keeps their rounding small.
	d2 := float64(d * d)
	r := float64(math.Float64frombits(c[8])*d2) + (float64(math.Float64frombits(c[7])*d) + math.Float64frombits(c[6]))
	r = float64(r*d2) + (float64(math.Float64frombits(c[5])*d) + math.Float64frombits(c[4]))
	r = float64(r*d2) + (float64(math.Float64frombits(c[3])*d) + math.Float64frombits(c[2]))
	return float64(float64(float64(r*d)+math.Float64frombits(c[1]))*d) + math.Float64frombits(c[0])
}

// tailG is g(y) for y ≥ tableEnd (and NaN).
func tailG(y float64) float64 {
	if !(y <= kernelMaxY) { // also NaN and +Inf
		return math.Log1p(math.Exp(-y))
	}
	// t = e^{−y}: −y = n·ln2/64 + r.
	nf := float64(-y*inv64Ln2) + roundBias - roundBias
	n := int64(nf)
	r := float64(-y-float64(nf*ln2Hi64)) - float64(nf*ln2Lo64)
	q := float64(float64(r*r) * (0.5 + float64(r*(1.0/6+float64(r*(1.0/24+float64(r*(1.0/120+float64(r*(1.0/720))))))))))
	q += r // e^r − 1
	tj := math.Float64frombits(expTable[n&63])
	t := tj + float64(tj*q)
	t *= math.Float64frombits(uint64(1023+(n>>6)) << 52) // 2^k, k = ⌊n/64⌋ ≥ −1022
	return t + float64(t*float64(t*(float64(t*(1.0/3))-0.5)))
}

// SoftplusFast is Softplus by the fast kernel: max(x, 0) + Log1pExpNeg(|x|).
func SoftplusFast(x float64) float64 {
	return max(x, 0) + Log1pExpNeg(math.Abs(x))
}

// Log2CoshFast is Log2Cosh by the fast kernel: |x| + Log1pExpNeg(2|x|).
func Log2CoshFast(x float64) float64 {
	x = math.Abs(x)
	return x + Log1pExpNeg(2*x)
}

// SumHidden returns Σ_j log Σ_{h_j} e^{h_j x_j} with x_j = bias_j + prod_j
// in float64: Σ_j softplus(x_j) for Bernoulli units, Σ_j log 2cosh x_j for
// spins, by the fast kernel, summed in index order. It is the hidden part
// of the free energy of a visible state whose product with W is prod.
func SumHidden(units Units, bias, prod []float32) float64 {
	prod = prod[:len(bias)]
	s := 0.0
	if units == Spin {
		for j, b := range bias {
			s += Log2CoshFast(float64(b) + float64(prod[j]))
		}
		return s
	}
	for j, b := range bias {
		x := float64(b) + float64(prod[j])
		y, g := math.Abs(x), 0.0
		if y < tableEnd {
			g = tableG(y)
		} else {
			g = tailG(y)
		}
		s += max(x, 0) + g
	}
	return s
}

// softplusTable holds g^{(k)}(c)/k!, k = 0…8, for c = (2i+1)/32, i = 0…255,
// rounded from 300-bit values (see the kernel's comment).
var softplusTable = [...]uint64{
	0x3fe5af42fc4f9aa5, 0xbfdf8002aa999a08, 0x3fbffe00155493f0, 0xbf45538e51100460, 0xbf75500078dc3576, 0x3f110e0ba73c2caf, 0x3f36b5572b71ba03, 0xbedb99556b5424f4, 0xbefb888e614b9e35, // c = 1/32
	0x3fe4b742271a9ace, 0xbfde8047efd07c30, 0x3fbfee06bdd9d472, 0xbf5fe80b751f4625, 0xbf75257b8071e398, 0x3f2970ee33ba969e, 0x3f3655339aaef7c5, 0xbef480e2e0be3840, 0xbefac0d3940737fd, // c = 3/32
	0x3fe3c73c7f04b84d, 0xbfdd814c85836ef0, 0x3fbfce33e75d34c1, 0xbf6a7365eae13b98, 0xbf74d125653ae628, 0x3f34f7b97232ca9c, 0x3f3597a5017eec6f, 0xbf00c3a19ff35ac5, 0xbef939fc3b737169, // c = 5/32
	0x3fe2df2a10a97d08, 0xbfdc838e4f996948, 0x3fbf9ec6bc41bf0c, 0xbf725f368e95c82e, 0xbf745460bd26febf, 0x3f3cdf2d4fa7b7d8, 0x3f3481fe6e05dea2, 0xbf06cee1f148ba75, 0xbef704be69312406, // c = 7/32
	0x3fe1feff02b0ef62, 0xbfdb8788bea8c9a4, 0x3fbf601caf83b5d3, 0xbf7760afa54af672, 0xbf73b134ebdc5dd1, 0x3f422794bf590262, 0x3f331bf34281bb42, 0xbf0c396fe474a125, 0xbef438e61377e6f5, // c = 9/32
	0x3fe126abad2435a6, 0xbfda8db3e37618e4, 0x3fbf12aff8148990, 0xbf7c34d533fba14b, 0xbf72ea3fbf5c5da1, 0x3f4595a6c244c518, 0x3f316f44550454c7, 0xbf10709d0443d08f, 0xbef0f3ec7cd5ee18, // c = 11/32
	0x3fe0561cb7f0dd9c, 0xbfd99683906266be, 0x3fbeb7159ba489bf, 0xbf80698b4c745865, 0xbf7202a3368879d6, 0x3f48ad99f9595152, 0x3f2f0eb28cb3e729, 0xbf12560b157ddc6e, 0xbeeaae8ac93f5819, // c = 13/32
	0x3fdf1a76803b86f6, 0xbfd8a2668c1911f6, 0x3fbe4dfb16796ba0, 0xbf8299dd03538b09, 0xbf70fdf031176605, 0x3f4b657db76761ce, 0x3f2ae197f0681512, 0xbf13c4427dc4b3ac, 0xbee30d067e10ace3, // c = 15/32
	0x3fdd97da0637c5fb, 0xbfd7b1c5d856320e, 0x3fbdd823b0400d42, 0xbf84a7faaa203fdd, 0xbf6fc01dc4f24a41, 0x3f4db5d13715553f, 0x3f2671d93343ad22, 0xbf14b6fea0141138, 0xbed695d4fd8b57c0, // c = 17/32
	0x3fdc24291f114a3d, 0xbfd6c5040f18404e, 0x3fbd56658f74c9cc, 0xbf8691005d3a721d, 0xbf6d5a4bde179180, 0x3f4f999a0c853f0b, 0x3f21da89adfe231b, 0xbf152e60a1599ab1, 0xbebd66054655361a, // c = 19/32
	0x3fdabf22f54dcffe, 0xbfd5dc7cd7fe4dfc, 0x3fbcc9a69dfddd48, 0xbf885291a2f4d62a, 0xbf6ad302395d51c1, 0x3f508731cc26e34e, 0x3f1a6c81760de9ae, 0xbf152ea473c144d6, 0x3ebc790467e3ec77, // c = 21/32
	0x3fd9688133909968, 0xbfd4f88476fd7eab, 0x3fbc32d951e56e6f, 0xbf89eadc7faab14b, 0xbf6832f0ebc6bb41, 0x3f510a1480cc35bf, 0x3f113c80881a8543, 0xbf14bfa89d0b2cb1, 0x3ed466338615d30b, // c = 23/32
	0x3fd81ff87db2b992, 0xbfd419677501f875, 0x3fbb92f96ccc2c5b, 0xbf8b58998019c0c2, 0xbf6582b155501689, 0x3f51569614f1d68d, 0x3f00a6e66a869dfe, 0xbf13ec53620b3ed0, 0x3ee0140f0d74b36a, // c = 25/32
	0x3fd6e538ee81852c, 0xbfd33f6a627e07ad, 0x3fbaeb08c3c0e84d, 0xbf8c9b08ecfb0914, 0xbf62ca9abc0444ad, 0x3f516ede6104d746, 0xbea2c91c240f03c1, 0xbf12c1e13ec763a7, 0x3ee512717484e938, // c = 27/32
	0x3fd5b7ee9887c1ec, 0xbfd26ac9b3623eb1, 0x3fba3c0c1fba328c, 0xbf8db1ed6e9f67d5, 0xbf60129bda380a65, 0x3f5155f98fa0c97e, 0xbf00174d19dd1ebe, 0xbf114f28cb1b8568, 0x3ee91a89cb4722aa, // c = 29/32
	0x3fd497c208526b4b, 0xbfd19bb9b37e985d, 0x3fb9870845162d1d, 0xbf8e9d84769efce0, 0xbf5ac4345d675fe1, 0x3f510fb153538ce0, 0xbf0e852bd006a53a, 0xbf0f47bef2d67ebd, 0x3eec24167d0594f2, // c = 31/32
	0x3fd38458c6b54f25, 0xbfd0d26691e1f159, 0x3fb8ccff2e5e7740, 0xbf8f5e7cd02ec873, 0xbf557faf21316dfc, 0x3f50a063d0fed4b6, 0xbf15b51c15d6de80, 0xbf0b9fd258f74ce5, 0x3eee3158269a8ecb, // c = 33/32
	0x3fd27d55d9ad4dcc, 0xbfd00ef481748277, 0x3fb80eed84370448, 0xbf8ff5ebbd7235fc, 0xbf5063bc7c792236, 0x3f500cda0c2bc051, 0xbf1b54d59b2e5aa7, 0xbf07c57556743aff, 0x3eef4daf4f864a3c, // c = 35/32
	0x3fd1825a429c84e0, 0xbfcea2ffd988f57e, 0x3fb74dc859f2b98e, 0xbf9032a084b1da66, 0xbf46f5cd66d09d15, 0x3f4eb43ee33a0366, 0xbf200cf8862a8264, 0xbf03d5a971fa31a1, 0x3eef8bf05bf46284, // c = 37/32
	0x3fd0930578bee529, 0xbfcd343b75935199, 0x3fb68a7b33e16a1e, 0xbf90571d3998a95a, 0xbf3b387c51d9fb7e, 0x3f4d1ab7b87d1802, 0xbf2201562764ea32, 0xbeffd56d1f80802c, 0x3eef04923814304a, // c = 39/32
	0x3fcf5debbdb4f04b, 0xbfcbd1b7448ba0cf, 0x3fb5c5e65a1e7adb, 0xbf90696b68e3db61, 0xbf2325d48e331a6f, 0x3f4b57624e908393, 0xbf23895535b92d09, 0xbef837282970905f, 0x3eedd3d8e78a7dcb, // c = 41/32
	0x3fcdab9266a986bb, 0xbfca7b8112b35cb7, 0x3fb500dd788866a2, 0xbf906aa4a2ba70f2, 0x3f1bb878c0398aa8, 0x3f49743a27755134, 0xbf24a9175b8dc2fe, 0xbef0f716fb589bbf, 0x3eec1817d92b2df7, // c = 43/32
	0x3fcc0e39f3fa7016, 0xbfc93199ddd24bfe, 0x3fb43c268aa55b81, 0xbf905bf66165b44d, 0x3f3639b9227bb229, 0x3f477abff8965203, 0xbf2566a4ba3c84bd, 0xbee46840227d8bc7, 0x3ee9f02171039f32, // c = 45/32
	0x3fca851dbe05056d, 0xbfc7f3f6b6f33fce, 0x3fb378791099a90d, 0xbf903e9c1afc9ff0, 0x3f422260ee971ed2, 0x3f4573d11ad92474, 0xbf25c9806d2a9f2e, 0xbed016266af9995a, 0x3ee779f26bf58914, // c = 47/32
	0x3fc90f7a255a1246, 0xbfc6c281aea409c0, 0x3fb2b67d88fee238, 0xbf9013d9b8a3cfe7, 0x3f4884b15fdb71ce, 0x3f436788f4ac5eee, 0xbf25da3fe4c2edfd, 0x3eb84ad90114b330, 0x3ee4d1a133fead28, // c = 49/32
	0x3fc7ac8d3b369447, 0xbfc59d1ac7934c4f, 0x3fb1f6cd2a5fc7a3, 0xbf8fb9ed0d0b7f47, 0x3f4e434a7ab2e8eb, 0x3f415d2beb39f869, 0xbf25a228d3057ece, 0x3ed984e65dfea725, 0x3ee210936ccf9449, // c = 51/32
	0x3fc65b975ab93a81, 0xbfc48398ebc0f2d8, 0x3fb139f1d65b6667, 0xbf8f3671536d5d66, 0x3f51afe573b9669a, 0x3f3eb63633e4aa6d, 0xbf252ad86efe8419, 0x3ee519867f65ceac, 0x3ede99ee76f7dd80, // c = 53/32
	0x3fc51bdbb2c73cff, 0xbfc375cae0da3729, 0x3fb080663ff4d0a0, 0xbf8e9fc2477cdf84, 0x3f53eed5bb403313, 0x3f3acd9fb0a73e01, 0xbf247df5e873c69d, 0x3eec121f65ee7262, 0x3ed932f46d02dac9, // c = 55/32
	0x3fc3eca0c0c64ca4, 0xbfc2737838c40937, 0x3faf952c7cabf7ad, 0xbf8df850cd46893f, 0x3f55e0fb71a28057, 0x3f3709bbe77536c5, 0xbf23a4f10dfcb731, 0x3ef0dc1cdfcfb543, 0x3ed40a6b0ddddf32, // c = 57/32
	0x3fc2cd30bc7dcde3, 0xbfc17c623bc2cb27, 0x3fae31be8a87c052, 0xbf8d4276f0425a68, 0x3f5789819754a6bb, 0x3f3371f6e796c451, 0xbf22a8cd6ded7d46, 0x3ef30f3e82ecd1dc, 0x3ece6f15de5aaaa6, // c = 59/32
	0x3fc1bcd9f5974536, 0xbfc09044ca197df0, 0x3facd721f94eda3d, 0xbf8c80733e84cc79, 0x3f58ec170ee9ff67, 0x3f300c1981371baf, 0xbf2191f9a296a3be, 0x3ef4ae45744b25fc, 0x3ec596094825d73b, // c = 61/32
	0x3fc0baef2354f760, 0xbfbf5dae66c42f9d, 0x3fab85dbe1b331af, 0xbf8bb46529a012f4, 0x3f5a0ccf0775babc, 0x3f29b8d03be5e47e, 0xbf20683205ae638e, 0x3ef5c6b84f255771, 0x3ebb3e863ddfaca2, // c = 63/32
	0x3fbf8d8f4e5d1686, 0xbfbdaf9a04857e3c, 0x3faa3e58ab9067af, 0xbf8ae04a5a098139, 0x3f5af00400241352, 0x3f23cb8c36c70c55, 0xbf1e64db68149ba0, 0x3ef667223666e1d8, 0x3eaa5810b35fe714, // c = 65/32
	0x3fbdbf7f862cbc61, 0xbfbc15ad76fcfe50, 0x3fa900edaf0a9724, 0xbf8a05fcdf02b6db, 0x3f5b9a3daca5a1a6, 0x3f1ca76f5bfe5c70, 0xbf1beda92e172167, 0x3ef69e7a664cf9b8, 0x3e6f34f7c001104b, // c = 67/32
	0x3fbc0a71886f6366, 0xbfba8f451f6560c5, 0x3fa7cddae6b90bea, 0xbf8927322353fbed, 0x3f5c1019e038fb82, 0x3f12a4f76d9427d8, 0xbf19757a2009bfe3, 0x3ef67ba5879487cd, 0xbea2c38f588352be, // c = 69/32
	0x3fba6d32460cd7a9, 0xbfb91bb9feb82ca2, 0x3fa6a54caa3556ee, 0xbf88457a8e6cd166, 0x3f5c563888805493, 0x3f031c9f1365629e, 0xbf17055fbd336b5c, 0x3ef60d1056e834ab, 0xbeb1fa9525d60d7a, // c = 71/32
	0x3fb8e69932fac2b3, 0xbfb7ba62e1feb8cf, 0x3fa5875d698c5ba6, 0xbf876241b9974605, 0x3f5c712aa9ef5ae4, 0x3ed5efa86b38cd23, 0xbf14a4e1d1647dda, 0x3ef560622a93a473, 0xbeb8ed5718518606, // c = 73/32
	0x3fb7758860d13cc6, 0xbfb66a957310508e, 0x3fa47417632efa0e, 0xbf867ecf21a8d86e, 0x3f5c65643d477ba0, 0xbef7c046a7054801, 0xbf125a1748d825ec, 0x3ef4824529ca26c4, 0xbebe5c5cfc6f5341, // c = 75/32
	0x3fb618ec892cda74, 0xbfb52ba72e4161b3, 0x3fa36b764f13f053, 0xbf859c473ed99c28, 0x3f5c3730bfeeab7d, 0xbf08cfce402dc6be, 0xbf1029c40c70ab3a, 0x3ef37e4199a40269, 0xbec136bc89ab0f6b, // c = 77/32
	0x3fb4cfbd0988fcec, 0xbfb3fcee3dd449d2, 0x3fa26d68fabf55e6, 0xbf84bbacee048079, 0x3f5beaaa3f7129c7, 0xbf121326f9b4f619, 0xbf0c2ef3ee18ca67, 0x3ef25ea97035f988, 0xbec2a4129d14cd71, // c = 79/32
	0x3fb398fbd22e24ad, 0xbfb2ddc23c398437, 0x3fa179d2d2d212fb, 0xbf83dde3186abbf1, 0x3f5b83b2a2a33805, 0xbf16fd950265ad61, 0xbf084b7688126e6c, 0x3ef12c91595002bf, 0xbec38a008319215f, // c = 81/32
	0x3fb273b549bda06b, 0xbfb1cd7cde5bfc5a, 0x3fa0908d579abd59, 0xbf8303ae890dcbed, 0x3f5b05eef008585a, 0xbf1b33b857e55283, 0xbf04ac3a49cf18bb, 0x3eefdfa8ed260ab9, 0xbec3fbd1d6036fd3, // c = 83/32
	0x3fb15f0026cf0307, 0xbfb0cb7a875899e7, 0x3f9f62d2f5c075bc, 0xbf822db7e0b91641, 0x3f5a74c450d0d7c0, 0xbf1ec288e26c2dc3, 0xbf0152d2ea44cfbb, 0x3eed5e40b5dd8041, 0xbec40bdce3f928f9, // c = 85/32
	0x3fb059fd40fd1361, 0xbfafae358e2e7e6f, 0x3f9db861cb8a9f6f, 0xbf815c8d9bd461cf, 0x3f59d356915b677f, 0xbf20db94932a9d67, 0xbefc7efb16767ebb, 0x3eeae00e0e199193, 0xbec3cb32de24bf33, // c = 87/32
	0x3faec7aeb5501acc, 0xbfaddf818a91d125, 0x3f9c214e4c66d0f6, 0xbf8090a61f0574c8, 0x3f592487e33b35d3, 0xbf220f55d9db946b, 0xbef6e2b8cd11b0d2, 0x3ee86e29f271d368, 0xbec3496c668ab8d1, // c = 89/32
	0x3facf785c9353a93, 0xbfac29a734a7a5da, 0x3f9a9d15876745fe, 0xbf7f94c382ee8c81, 0x3f586af9a8de3920, 0xbf2302f1a6d9a4fc, 0xbef1cd5ab866cd8f, 0x3ee60fd36453dccc, 0xbec2948d99d82e80, // c = 91/32
	0x3fab41fb794ce842, 0xbfaa8b7d2f69cfbe, 0x3f992b2c7801b686, 0xbf7e14199a931d8d, 0x3f57a90e17b61f3f, 0xbf23bc9e6497fbdc, 0xbeea73ebf8f25fe7, 0x3ee3caa2b8c20af0, 0xbec1b8fcf53edda0, // c = 93/32
	0x3fa9a59dd06a2a18, 0xbfa903e302acc623, 0x3f97cb01cfdc37e4, 0xbf7c9fc2e06008f3, 0x3f56e0ea82eb5835, 0xbf244250cb45552c, 0xbee2451fe40ef314, 0x3ee1a2bd15723d82, 0xbec0c188e0ae3d52, // c = 95/32
	0x3fa8210c9763a72a, 0xbfa791c1729fbd98, 0x3f967bff92f86011, 0xbf7b38132f4684a2, 0x3f56147a25e6e588, 0xbf2499b0f45168de, 0xbed601a754515ae6, 0x3edf360d098380e7, 0xbebf6ef046c0d966, // c = 97/32
	0x3fa6b2f8bf365e63, 0xbfa6340abee96b4e, 0x3f953d8c88525aef, 0xbf79dd416a6c1120, 0x3f5545714b34a5b5, 0xbf24c812b96b0d04, 0xbec2620e1432ff46, 0x3edb6aa2efaad055, 0xbebd45441e8d4e4e, // c = 99/32
	0x3fa55a23c7e7e925, 0xbfa4e9bacc07a61c, 0x3f940f0d814f339d, 0xbf788f6ad1528dce, 0x3f547550b140a337, 0xbf24d270e26da084, 0x3ea02eca700e3712, 0x3ed7e515d879984f, 0xbebb13176c3ccac1, // c = 101/32
	0x3fa4155f256fee1f, 0xbfa3b1d73970d2e6, 0x3f92efe67a844379, 0xbf774e961c748c55, 0x3f53a5691324e6aa, 0xbf24bd6aae7622af, 0x3ec783577b29aae6, 0x3ed4a5c5700dd9be, 0xbeb8e30ff4c7b3ad, // c = 103/32
	0x3fa2e38ba3c9c447, 0xbfa28b6f66cc78d9, 0x3f91df7b987d0a2d, 0xbf761ab660c60e3d, 0x3f52d6dec0119e94, 0xbf248d434e65d518, 0x3ed42106c1eb67de, 0x3ed1abdf7b0fcd23, 0xbeb6bdb18588e864, // c = 105/32
	0x3fa1c398cb2b452f, 0xbfa1759c6a6d98ae, 0x3f90dd32032fe482, 0xbf74f3adb9c14b69, 0x3f520aad2fc57c05, 0xbf2445e2f1cd78a0, 0x3edb41edc9a822e4, 0x3ecdeb3fe28ff249, 0xbeb4a99ffb9c0b93, // c = 107/32
	0x3fa0b484453c7cc4, 0xbfa06f80fb0e5af4, 0x3f8fd0e145a03812, 0xbf73d94fbaa33275, 0x3f5141aa860bf7fb, 0xbf23ead912193d35, 0x3ee0a0b9fa22ddb5, 0x3ec90111f02445b6, 0xbeb2abdef8d681c2, // c = 109/32
	0x3f9f6ab2881a8146, 0xbf9ef0929d44333b, 0x3f8e0141813e7e52, 0xbf72cb63a842caad, 0x3f507c8afa4b3e91, 0xbf237f5fb279e9f5, 0x3ee31dbacc9537a9, 0x3ec493263c79c52a, 0xbeb0c80de8baea2a, // c = 111/32
	0x3f9d8a5fd6d36db3, 0xbf9d1e55dfd28d63, 0x3f8c4a5d1c95cf71, 0xbf71c9a67d881cde, 0x3f4f77c835aec10d, 0xbf23065f552dff53, 0x3ee52532a7881d70, 0x3ec09aacbd5eb398, 0xbeae013ee43bdfec, // c = 113/32
	0x3f9bc6597a2abc1f, 0xbf9b66c9189561d6, 0x3f8aab132c921d83, 0xbf70d3ccbcf922b7, 0x3f4e005fcc142b00, 0xbf22827370464b49, 0x3ee6c394b6104863, 0x3eba20b214f3ac7d, 0xbeaaae17a8060288, // c = 115/32
	0x3f9a1d0010ba49e5, 0xbf99c87b769ef8cf, 0x3f89224a2f0afcc2, 0xbf6fd3082446ba93, 0x3f4c939f6a1a5f50, 0xbf21f5ef34af54a3, 0x3ee804839ef65548, 0x3eb3d9367118dac1, 0xbea797fbf0ad5d50, // c = 117/32
	0x3f988ccabab8da0b, 0xbf98420d81f61caf, 0x3f87aef09d20a500, 0xbf6e14e98bb90d6b, 0x3f4b321debc44ca3, 0xbf2162e2821d270b, 0x3ee8f2ccc11b4843, 0x3eac9f386568357e, 0xbea4bef6813b59e0, // c = 119/32
	0x3f971446087ca5f3, 0xbf96d230982c9b6b, 0x3f864ffd5cb1f817, 0xbf6c6c8610e27a82, 0x3f49dc4b6706dbcb, 0xbf20cb1ee96d5a55, 0x3ee99867f9918842, 0x3ea2e970b2e16f3a, 0xbea2220c74d698a9, // c = 121/32
	0x3f95b212f1684015, 0xbf9577a662cc1c17, 0x3f85047014b7bd6e, 0xbf6ad92029c3c327, 0x3f489275d81a97ff, 0xbf20303ca52fc5e4, 0x3ee9fe7b004f3cc4, 0x3e94e6e3ffdf73f0, 0xbe9f7ef219103b8d, // c = 123/32
	0x3f9464e5d3966ed6, 0xbf943140494e874b, 0x3f83cb51680668cf, 0xbf6959f66090010d, 0x3f4754cd6b6794fb, 0xbf1f273eeaa61af6, 0x3eea2d5f89f352df, 0x3e79051479e6947b, 0xbe9b29c138064120, // c = 125/32
	0x3f932b857c8005d7, 0xbf92fddee0217b95, 0x3f82a3b319ae0b52, 0xbf67ee4510d9a7d6, 0x3f46236867e47021, 0xbf1decf69ef9b4ec, 0x3eea2cab7c23f2d9, 0xbe795267068a7fbd, 0xbe973ef6c85da242, // c = 127/32
	0x3f9204ca3ac05c5f, 0xbf91dc7156030d7c, 0x3f818cb01de872f7, 0xbf669547e8fd0865, 0x3f44fe46bdbb1bfe, 0xbf1cb3b1b2dc8088, 0x3eea033a9e4ab6a3, 0xbe910e687a466ef6, 0xbe93b872649ebf81, // c = 129/32
	0x3f90ef9cf90987dc, 0xbf90cbf4e0d93c85, 0x3f80856c9a40bd26, 0xbf654e3b35608eba, 0x3f43e5553db96eae, 0xbf1b7d334c199043, 0x3ee9b73949c3224e, 0xbe9a1caee4b99d1c, 0xbe908fbd33151369, // c = 131/32
	0x3f8fd5ecc4916b3f, 0xbf8f96e855f9c447, 0x3f7f1a2baebc8101, 0xbf64185cfad687cc, 0x3f42d8707e8c0927, 0xbf1a4af860a3057c, 0x3ee94e2fb2f5e83a, 0xbea0d656efc89061, 0xbe8b7c725325c577, // c = 133/32
	0x3f8debbc1dd939f9, 0xbf8db40d83986716, 0x3f7d45c44d3e1d8c, 0xbf62f2ede519d619, 0x3f41d767750aa018, 0xbf191e3f2314fbae, 0x3ee8cd0d7871d11d, 0xbea3f42abdf76b9f, 0xbe867a8d4b1d866a, // c = 135/32
	0x3f8c1ed376679bcc, 0xbf8beda10c6ffc37, 0x3f7b8c217ae93d50, 0xbf61dd320e0950d9, 0x3f40e1fdc4fe2766, 0xbf17f80de430fc08, 0x3ee838353603e62c, 0xbea67b25eb8ad2ef, 0xbe820cc37c8726f5, // c = 137/32
	0x3f8a6d790cbcbb72, 0xbf8a42023fc29f8f, 0x3f79ebd3107f11d5, 0xbf60d671a1eec9ce, 0x3f3fefdb9f97a379, 0xbf16d9396a645534, 0x3ee79387e84fc8ef, 0xbea87d0067f4944f, 0xbe7c4ce256291f9f, // c = 139/32
	0x3f88d60c752bddcb, 0xbf88afa6e686004a, 0x3f786379ec6b5ce9, 0xbf5fbbf2c99130de, 0x3f3e31d50cb418bf, 0xbf15c26ac289e26b, 0x3ee6e26ff9b05603, 0xbeaa09e5b0e806a0, 0xbe7576ef28af660e, // c = 141/32
	0x3f8757053ab02d6f, 0xbf87351a369696e0, 0x3f76f1c77f610bcd, 0xbf5de6363870c748, 0x3f3c894206b8c05f, 0xbf14b4248eaece37, 0x3ee627ebdb730574, 0xbeab3086fbafe078, 0xbe6f0150669ea117, // c = 143/32
	0x3f85eef190531271, 0xbf85d0fbcd6a4f76, 0x3f75957d502f322e, 0xbf5c2a5bc2d16891, 0x3f3af573e5fa8100, 0xbf13aec7d8c829c8, 0x3ee56698170895e0, 0xbeabfe2fbfd6324f, 0xbe64a8bdc4bb336d, // c = 145/32
	0x3f849c7512a81846, 0xbf8481feb2bde157, 0x3f744d6c78ea7a9f, 0xbf5a871cbbdab771, 0x3f3975b5993aa25f, 0xbf12b29870108f80, 0x3ee4a0b8c9c3b2b5, 0xbeac7edbbcf75ec0, 0xbe5777331d90f922, // c = 147/32
	0x3f835e4798dbb280, 0xbf8346e863987b82, 0x3f7318751f4239b5, 0xbf58fb3decb2d25c, 0x3f38094dc633b10a, 0xbf11bfc0d842ad56, 0x3ee3d84283672ffa, 0xbeacbd4dc2c588c2, 0xbe4050d6525a5315, // c = 149/32
	0x3f82333414cd5776, 0xbf821e8fe5e5f5df, 0x3f71f585e99a127c, 0xbf57858fca012c24, 0x3f36af809f851f64, 0xbf10d655d226596a, 0x3ee30ee28449ac73, 0xbeacc326a8d25a41, 0x3e3381fb836b5220, // c = 151/32
	0x3f811a1781aa27ea, 0xbf8107dce4cff00a, 0x3f70e39b7249189f, 0xbf5624ee8e33cbc6, 0x3f35679177b7ec87, 0xbf0fecb309ecc876, 0x3ee246065b5fe16e, 0xbeac98fc045368cd, 0x3e4fc72027faf96c, // c = 153/32
	0x3f8011dfe07b7bf9, 0xbf8001c6d5e9d0bf, 0x3f6fc37f745a4c1d, 0xbf54d8423c7b793f, 0x3f3430c41880b83f, 0xbf0e3f7ca020e2d1, 0x3ee17ee2e738e7fe, 0xbeac466e456bb012, 0x3e591b5efc7cd4d4, // c = 155/32
	0x3f7e33168437fc5a, 0xbf7e16a84e64372e, 0x3f6dde1337287d5c, 0xbf539e7e9005b49f, 0x3f330a5de4d096f1, 0xbf0ca4d2985d6c34, 0x3ee0ba7abf02fc35, 0xbeabd23dfc368636, 0x3e605ea802e37f30, // c = 157/32
	0x3f7c604dbc0ca066, 0xbf7c4732ebb97518, 0x3f6c15387cabdde1, 0xbf5276a2da96b9a5, 0x3f31f3a6cbb79db5, 0xbf0b1c69064a144b, 0x3edff34814544880, 0xbeab426018786861, 0x3e637ced8fec862e, // c = 159/32
	0x3f7aa99c6ae2c37e, 0xbf7a93719b9ab674, 0x3f6a674d1ba64dbc, 0xbf515fb9d549ed4e, 0x3f30ebea1193e382, 0xbf09a5e1c98ac2f3, 0x3ede7a1b9c4dcbf0, 0xbeaa9c1106067cc1, 0x3e65fe6b9e718284, // c = 161/32
	0x3f790d5484610c3a, 0xbf78f9c1e33d2e96, 0x3f68d2c562e788b3, 0xbf5058d965eb7a30, 0x3f2fe4ede90d1c2b, 0xbf0840cffe6108e4, 0x3edd0a897570eb52, 0xbea9e3e694281b63, 0x3e67f6e477ef4a32, // c = 163/32
	0x3f7789e1619fa06c, 0xbf77789956141b68, 0x3f67562b103ad8ec, 0xbf4ec244b6243a51, 0x3f2e0d42615e1a13, 0xbf06ecbb00e576d4, 0x3edba56efa3d792a, 0xbea91de09fe22210, 0x3e6978190472b70a, // c = 165/32
	0x3f761dc64ad0685e, 0xbf760e8446fd3c76, 0x3f65f01c4e0e4240, 0xbf4cef8041b77002, 0x3f2c4f82d0766ef2, 0xbf05a9210dc8969a, 0x3eda4b75460aef3a, 0xbea84d7880a91bae, 0x3e6a91f0440b74da, // c = 167/32
	0x3f74c79d1554916f, 0xbf74ba248958de01, 0x3f649f4ab86fb315, 0xbf4b37d0dfe35353, 0x3f2aaa6ae5e36a81, 0xbf0475798abb25fd, 0x3ed8fd182b802c51, 0xbea775af3cbf8c68, 0x3e6b529dd36af22d, // c = 169/32
	0x3f738614d5445738, 0xbf737a3041942c55, 0x3f63627a69d7f2cd, 0xbf4999b5f08552e0, 0x3f291cc130f5c8da, 0xbf035136ffd07837, 0x3ed7baac6c827106, 0xbea6991a8ed764e1, 0x3e6bc6c705f6db9a, // c = 171/32
	0x3f7257f0a175e576, 0xbf724d70c4a60d99, 0x3f623881101b1872, 0xbf4813c2115ce95e, 0x3f27a55770a62a54, 0xbf023bc8ca6762b3, 0x3ed6846543d3fe7f, 0xbea5b9f0c9ac48bd, 0x3e6bf9a64229b499, // c = 173/32
	0x3f713c0669184825, 0xbf7132c185fa25b4, 0x3f61204509bac814, 0xbf46a49a6967111b, 0x3f26430ac3fe7259, 0xbf01349c9167e2cc, 0x3ed55a594fd8c0c0, 0xbea4da13a871bc82, 0x3e6bf52c690819f7, // c = 175/32
	0x3f70313dd9ffbf25, 0xbf70290f1342a5e3, 0x3f6018bc8bbecfae, 0xbf454af5f20fd9fc, 0x3f24f4c3bfa549ee, 0xbf003b1f81ef2865, 0x3ed43c86ed1d16aa, 0xbea3fb1a1c4d7b46, 0x3e6bc22027bd4640, // c = 177/32
	0x3f6e6d1ead929e9b, 0xbf6e5eac3b4fcbf9, 0x3f5e41d9a0491ae7, 0xbf44059cbfc6a4a2, 0x3f23b9766ca1b633, 0xbefe9d7eb5b396d6, 0x3ed32ad80e51deb2, 0xbea31e5927d472ba, 0x3e6b683b2404f966, // c = 179/32
	0x3f6c9605f80800ab, 0xbf6c89451f9896ef, 0x3f5c6fd299c8d80c, 0xbf42d3674b440a7b, 0x3f22902233f23e85, 0xbefcddd699fa4f44, 0x3ed225259e81283c, 0xbea244ebd9c2be99, 0x3e6aee4501ad8419, // c = 181/32
	0x3f6adb5f672d976c, 0xbf6ad01d6037085c, 0x3f5ab9a5e6fcb12b, 0xbf41b33dbc9a4623, 0x3f2177d1ba24a004, 0xbefb36296a9aae39, 0x3ed12b3a794e44bb, 0xbea16fba78092060, 0x3e6a5a2c49e0a314, // c = 183/32
	0x3f693b74ab458d93, 0xbf6931849dbadf5d, 0x3f591daef1e422bc, 0xbf40a41738f9490c, 0x3f206f9aadb7a48c, 0xbef9a55f6b49ec76, 0x3ed03cd60427029f, 0xbea09f80ebe47da4, 0x3e69b11d449a7b14, // c = 185/32
	0x3f67b4a9ac52fa9c, 0xbf67abe3ff0e2c55, 0x3f579a614bfc799b, 0xbf3f49f267cbd11c, 0x3f1eed3b156f0668, 0xbef82a6760cd0445, 0x3eceb35ce4cc0793, 0xbe9fa9a8fe326bb5, 0x3e68f796da42a5d3, // c = 187/32
	0x3f66457afd8f6f57, 0xbf663dbcb98d400b, 0x3f562e475ef24160, 0xbf3d69ed88fe2107, 0x3f1d180aab6ac27a, 0xbef6c4375578af1d, 0x3ecd02e57b13a70a, 0xbe9e2051f3588a09, 0x3e68317d9727843c, // c = 189/32
	0x3f64ec7c67ba02ac, 0xbf64e5a6ad949345, 0x3f54d8012d1ea102, 0xbf3ba65ffe984a30, 0x3f1b5e0e9fe69b1f, 0xbef571cd31a73d56, 0x3ecb6798b3a69251, 0xbe9ca3aa5d377391, 0x3e67622ced026d94, // c = 191/32
	0x3f63a8578900529d, 0xbf63a24f168b684d, 0x3f539643215f1b06, 0xbf39fda2a9e859f7, 0x3f19bdc54cbd4461, 0xbef4322f2e1e76d5, 0x3ec9e0c15db1e90f, 0xbe9b342e0a61f55a, 0x3e668c86cff76414, // c = 193/32
	0x3f6277ca89514702, 0xbf6272774d794221, 0x3f5267d4edce54ee, 0xbf386e25ec4b14cd, 0x3f1835c03974bd3b, 0xbef3046c25b323ae, 0x3ec86da4b5cab680, 0xbe99d22e1732fe6f, 0x3e65b301ccf361c1, // c = 195/32
	0x3f6159a6e1f84450, 0xbf6154f39d3c1347, 0x3f514b9078decb58, 0xbf36f67079c30f4c, 0x3f16c4a36c523d5b, 0xbef1e79bcadbedd7, 0x3ec70d848e95cab4, 0xbe987dd73d080d42, 0x3e64d7b5b714b84e, // c = 197/32
	0x3f604cd0376dde1c, 0xbf6048aa277d19bb, 0x3f504060d854622b, 0xbf35951e369ad471, 0x3f156924b8345733, 0xbef0dadec558c968, 0x3ec5bfa12674caa5, 0xbe973737612b0fd6, 0x3e63fc670913a34b, // c = 199/32
	0x3f5ea07688b1ef8a, 0xbf5e9923b31547fa, 0x3f4e8a82b32e9fdf, 0xbf3448df20378b97, 0x3f14220b08ec67dc, 0xbeefbabd772b8604, 0x3ec4833ab42fbb9d, 0xbe95fe42774aecb7, 0x3e632291169059c5, // c = 201/32
	0x3f5cc5d9a9913621, 0xbf5cbf62e08abbce, 0x3f4cb2792db37d6b, 0xbf33107641282f2a, 0x3f12ee2daf8be61e, 0xbeeddc9c95fda381, 0x3ec35792b3881e8f, 0xbe94d2d6c9add63a, 0x3e624b6f27db4187, // c = 203/32
	0x3f5b07f1a1773e03, 0xbf5b023d14b06053, 0x3f4af6d73112dfeb, 0xbf31eab8b06807e1, 0x3f11cc73afddfa09, 0xbeec19d1e429eae0, 0x3ec23becf9afbf39, 0xbe93b4c0b7aae7ff, 0x3e61780499516954, // c = 205/32
	0x3f596502aa2f0af4, 0xbf595ff98ff44513, 0x3f4955ea050f1dbb, 0xbf30d68c9bb94868, 0x3f10bbd310111aab, 0xbeea70e5dd74e663, 0x3ec12f9098c05f2f, 0xbe92a3bdf9736d34, 0x3e60a92415d48275, // c = 207/32
	0x3f57db6bb47778d7, 0xbf57d6f9ef040487, 0x3f47ce189944fb2d, 0xbf2fa5d0b9dbc3e8, 0x3f0f76a056cce13f, 0xbee8e07225b6d65e, 0x3ec031c89888fedc, 0xbe919f8076c8a212, 0x3e5fbeec048f8024, // c = 209/32
	0x3f5669a4ced3632b, 0xbf5665b89c377f82, 0x3f465de20b9f57c7, 0xbf2dbda333d12c6c, 0x3f0d93fa11295cb3, 0xbee7672122a0b54e, 0x3ebe83c914a098dd, 0xbe90a7b0bce92478, 0x3e5e36fc5cb95ef9, // c = 211/32
	0x3f550e3da489d00a, 0xbf550ac757ef00fd, 0x3f4503dc434c93c3, 0xbf2bf2b8de2d19af, 0x3f0bcdf168d2900b, 0xbee603ad89311246, 0x3ebcbe71f910923e, 0xbe8f77e03d92b8cf, 0x3e5cbb41bac83339, // c = 213/32
	0x3f53c7dc1370ff7c, 0xbf53c4cdd6a477a5, 0x3f43beb29f3dad49, 0xbf2a43554833f5a8, 0x3f0a22dd4229b73e, 0xbee4b4e1e1a4225c, 0x3ebb123fa5b8379c, 0xbe8db7b51316909d, 0x3e5b4c4e709a0d48, // c = 215/32
	0x3f52953ad732ca15, 0xbf529288737ebb72, 0x3f428d24b73e124b, 0xbf28add5d4b0e373, 0x3f08912c14eb47ee, 0xbee379980446e01a, 0x3eb97df10cf9ea1f, 0xbe8c0e102c46aeaf, 0x3e59ea8671064240, // c = 217/32
	0x3f51752848cb533b, 0xbf5172c6f644aa91, 0x3f416e052eba9e3b, 0xbf2730b04a35ec7e, 0x3f071762bf3906c6, 0xbee250b8913d4116, 0x3eb80050a43923ff, 0xbe8a7a1cc0505816, 0x3e58962633f15acb, // c = 219/32
	0x3f5066853114c34c, 0xbf50646b6b9c4311, 0x3f4060389856105b, 0xbf25ca7175d5a31a, 0x3f05b41b636c3a71, 0xbee1393a64fe3a0e, 0x3eb69834993431d7, 0xbe88fb0351e1f031, 0x3e574f48c2b18329, // c = 221/32
	0x3f4ed0875a8717db, 0xbf4eccd21d1f7352, 0x3f3ec568d2e2b6d8, 0xbf2479bbdfa7fd3b, 0x3f04660450e26a3c, 0xbee032220b045b9c, 0x3eb5447eea0f2e9d, 0xbe878feb9ac07d81, 0x3e5615ed044a739a, // c = 223/32
	0x3f4cf2cc488d5ac9, 0xbf4cef8684bfcc70, 0x3f3ce8fbf9acd36c, 0xbf233d469069e5cb, 0x3f032bdef7db8f70, 0xbede75025fec805c, 0x3eb4041d64b4833c, 0xbe8637fe280b8da6, 0x3e54e9fa5ec2864e, // c = 225/32
	0x3f4b31fc981d2df6, 0xbf4b2f193770652e, 0x3f3b295347787815, 0xbf2213dbe786535a, 0x3f02047ee86974e3, 0xbedca2ec28abc97e, 0x3eb2d609919979be, 0xbe84f265b141eefb, 0x3e53cb44c0ba0666, // c = 227/32
	0x3f498c587b972d01, 0xbf4989cbf0c90ef5, 0x3f3984b388c72c0d, 0xbf20fc5880d856cd, 0x3f00eec8dc5ca3cf, 0xbedaec56013108d9, 0x3eb1b9488d708a0c, 0xbe83be5032f6c8ba, 0x3e52b990248078f7, // c = 229/32
	0x3f48003b3084c857, 0xbf47fdfb496afc1f, 0x3f37f97c0b274e1f, 0xbf1feb5452eea65e, 0x3effd363981664ff, 0xbed94fab76c1d903, 0x3eb0acead4dd3369, 0xbe829aefd52131f9, 0x3e51b4939c1ff9bc, // c = 231/32
	0x3f468c195ec471ae, 0xbf468a1d1b94c95e, 0x3f3686250c8c8421, 0xbf1dfd9dc5c26eb3, 0x3efde87c1b8145c5, 0xbed7cb6e04e79e21, 0x3eaf601809a9de6b, 0xbe81877ba405fa22, 0x3e50bbfbf43aae38, // c = 233/32
	0x3f452e7f90a81991, 0xbf452cbf0006d79b, 0x3f35293e41b66856, 0xbf1c2da7e7b3eefe, 0x3efc1b00ff36b3f1, 0xbed65e340dbf8816, 0x3ead83a523f94c0e, 0xbe80833021e97c0c, 0x3e4f9edbf43f016f, // c = 235/32
	0x3f43e610c28c49e1, 0xbf43e484e1d130e2, 0x3f33e16d7264385b, 0xbf1a79aa0cb70522, 0x3efa693377277f32, 0xbed506a7d971c35a, 0x3eabc2def2018f40, 0xbe7f1a9f6df79c79, 0x3e4ddd10e04ebeee, // c = 237/32
	0x3f42b1850883f787, 0xbf42b027a7b7cc47, 0x3f32ad6d2a238713, 0xbf18dff6a3ebcb57, 0x3ef8d16eaac4f6c5, 0xbed3c3869d6344a0, 0x3eaa1c3bd33d1f02, 0xbe7d4a460894aa3d, 0x3e4c31cb74715db8, // c = 239/32
	0x3f418fa848c9c1b7, 0xbf418e73f1ecad83, 0x3f318c0b7c96c0d9, 0xbf175ef9a40844a5, 0x3ef7522643ec898f, 0xbed2939f8b8f822b, 0x3ea88e45dbac19ae, 0xbe7b93f23bd96820, 0x3e4a9c3a96720e92, // c = 241/32
	0x3f407f5909bace3f, 0xbf407e48eaf11cc4, 0x3f307c28dc1ea868, 0xbf15f5370e3ea722, 0x3ef5e9e5104c3c5c, 0xbed175d2ea56dd25, 0x3ea7179a1d0a85f0, 0xbe79f64f603d17c1, 0x3e491b89b676aae0, // c = 243/32
	0x3f3eff0ea463ace5, 0xbf3efd2e55002287, 0x3f2ef96e03bf9a1a, 0xbf14a149867e0b0d, 0x3ef4974bb494c37e, 0xbed0691134f2c728, 0x3ea5b6e7ecf897e8, 0xbe787016250373ef, 0x3e47aee2daaf762a, // c = 245/32
	0x3f3d1e673654aac1, 0xbf3d1cbf52e7db48, 0x3f2d196fcc54a9a0, 0xbf1361e0fff6129d, 0x3ef3590f70cb296e, 0xbeced8b48952741a, 0x3ea46af029e01964, 0xbe77000c98b8bfb7, 0x3e46557056a1db99, // c = 247/32
	0x3f3b5adba34856a9, 0xbf3b59658b51c03e, 0x3f2b567990ae99da, 0xbf1235c17cd10b6c, 0x3ef22df8f50ab782, 0xbeccfd79058ab091, 0x3ea332848018214e, 0xbe75a5061892fced, 0x3e450e5e38ec7136, // c = 249/32
	0x3f39b2a8cf9f02a5, 0xbf39b15ea9d743e9, 0x3f29aeca8a760e01, 0xbf111bc1e022ff2e, 0x3ef114e346080b3e, 0xbecb3ea84695134d, 0x3ea20c86b087d8f9, 0xbe745de32b0244c4, 0x3e43d8db791f8985, // c = 251/32
	0x3f382426e92e9a46, 0xbf3823038c23f409, 0x3f2820bcf6afb4ed, 0xbf1012cad1171102, 0x3ef00cbab0a7a58f, 0xbec99a94d0936e6e, 0x3ea0f7e7d9d10b0c, 0xbe7329914929b7c2, 0x3e42b41aee253075, // c = 253/32
	0x3f36adc7c15d2fe3, 0xbf36acc69eceabb4, 0x3f26aac4780fe0af, 0xbf0e33ab5cde9c6d, 0x3eee28f797f9392b, 0xbec80fa9db6a15d5, 0x3e9fe74f89b544cd, 0xbe72070a9a7afd65, 0x3e419f5414b243f1, // c = 255/32
	0x3f354e1540a342cf, 0xbf354d32534815e6, 0x3f254b6c91bf1c14, 0xbf0c5fd722eb6cfc, 0x3eec5665120e7f11, 0xbec69c69fb0aefcc, 0x3e9dfda86ad26d84, 0xbe70f555a53dfc87, 0x3e4099c3ac55578f, // c = 257/32
	0x3f3403aff1f0650f, 0xbf3402e7ad62cf30, 0x3f24015739274760, 0xbf0aa848bf0f4a3d, 0x3eea9ff29f1e8cbf, 0xbec53f6dd7fc0c73, 0x3e9c31107e9effee, 0xbe6fe709ecd74f8f, 0x3e3f455861d8d5d6, // c = 259/32
	0x3f32cd4da483f14f, 0xbf32cc9ce70f5e22, 0x3f22cb3b7d746f8e, 0xbf090b4bd2ddd246, 0x3ee903f04ef2e61c, 0xbec3f762f7a64ccf, 0x3e9a7fd74142ab46, 0xbe6e016d85d7d952, 0x3e3d72ac6b2b2dfd, // c = 261/32
	0x3f31a9b822e13714, 0xbf31a91c28faefa3, 0x3f21a7e443874d1b, 0xbf0787462f8b6e9f, 0x3ee780c7dbfa74a1, 0xbec2c30a93efec1e, 0x3e98e864427241a6, 0xbe6c382907f55ea6, 0x3e3bba214b1cbb86, // c = 263/32
	0x3f3097cbfd9af64f, 0xbf30974256d3560e, 0x3f20962f15292805, 0xbf061ab647585f20, 0x3ee614fb2c480b36, 0xbec1a13881a05a25, 0x3e976935ef919776, 0xbe6a89a5206a1590, 0x3e3a1a61ddce2b22, // c = 265/32
	0x3f2f2ceed18a8c8c, 0xbf2f2bfbdc0a8a96, 0x3f1f2a1604c39b75, 0xbf04c431b63eda9f, 0x3ee4bf22e801a1fa, 0xbec090d225066b76, 0x3e9600e06937980a, 0xbe68f45f652b7255, 0x3e38922634e41e6b, // c = 267/32
	0x3f2d497255de4e59, 0xbf2d489bebb67354, 0x3f1d46ef27c0b5e2, 0xbf038263e09606ba, 0x3ee37ded242878f3, 0xbebf219ae8ae5270, 0x3e94ae0c643ee0ac, 0xbe6776e980e93486, 0x3e372033a7cda3ea, // c = 269/32
	0x3f2b833f392c23c9, 0xbf2b8281ffe7dfaf, 0x3f1b81079aedbd45, 0xbf02540ca66caed5, 0x3ee2501c20ad227d, 0xbebd40600e74721b, 0x3e936f7616718038, 0xbe660fe85ee1d645, 0x3e35c35cc99f0e86, // c = 271/32
	0x3f29d88f6e2bdad9, 0xbf29d7e8702dbe72, 0x3f19d69a7f6eaa3e, 0xbf0137ff2a6f1b43, 0x3ee1348518cd55af, 0xbebb7c1c65f16b34, 0x3e9243ec2ec74e9f, 0xbe64be13580e481a, 0x3e347a81490008b4, // c = 273/32
	0x3f2847b8644de7ec, 0xbf28472504f7a276, 0x3f1845fe4f9c6431, 0xbf002d20ab3b34bf, 0x3ee02a0f24c4410d, 0xbeb9d31465885b84, 0x3e912a4ed91b1558, 0xbe63803362e3d5b4, 0x3e33448dbe13052b, // c = 275/32
	0x3f26cf295e12a097, 0xbf26cea74f5107af, 0x3f16cda339875e39, 0xbefe64cedc2a7d86, 0x3ede5f6457c1a7bc, 0xbeb843a6b71a6054, 0x3e90218ecd2af22c, 0xbe62552246b0f80a, 0x3e32207b69b5c539, // c = 277/32
	0x3f256d69e11747f3, 0xbf256cf71a289dda, 0x3f156c1192b2c23a, 0xbefc8db373fbcdcb, 0x3edc88ebcc401464, 0xbeb6cc4ab5c6469c, 0x3e8e5158d1570655, 0xbe613bc9d367a38a, 0x3e310d4fe90484f6, // c = 279/32
	0x3f2421183e4c87c7, 0xbf2420b2f39c1ba5, 0x3f141fe8638a7674, 0xbefad319c47066bc, 0x3edacee1d8e7507b, 0xbeb56b8f00b42045, 0x3e8c7d6da8563a71, 0xbe6033231e7c57e9, 0x3e300a1cdfa1a07b, // c = 281/32
	0x3f22e8e830e1ae96, 0xbf22e88eccd846ca, 0x3f12e7dc092c4e1d, 0xbef93348beb60532, 0x3ed92f8fadcfe883, 0xbeb4201821ecb172, 0x3e8ac59664f46853, 0xbe5e746b8ab80387, 0x3e2e2bff35d11ab2, // c = 283/32
	0x3f21c3a192865f98, 0xbf21c352af32b043, 0x3f11c2b4ec318517, 0xbef7aca1ec2cab18, 0x3ed7a958cfc9b51a, 0xbeb2e89f4843fb2f, 0x3e892827b48fc666, 0xbe5ca02e6bb5b800, 0x3e2c60415fc6b240, // c = 285/32
	0x3f20b01f23b96369, 0xbf20afd98537332d, 0x3f10af4e4b395140, 0xbef63d9fd5c1159b, 0x3ed63ab987a0ef2e, 0xbeb1c3f11365fcdc, 0x3e87a38f3339d3b2, 0xbe5ae7d3f9c68b88, 0x3e2aaf672b286293, // c = 287/32
	0x3f1f5a9acdde1603, 0xbf1f5a1feced441b, 0x3f0f592a300fce19, 0xbef4e4d483960cad, 0x3ed4e24568c48933, 0xbeb0b0ec711cf6fe, 0x3e86365205b86ceb, 0xbe5949ba3728b6a9, 0x3e2917ec79cf406d, // c = 289/32
	0x3f1d74531ad858d1, 0xbf1d73e6a9ec9581, 0x3f0d730dcc3db27a, 0xbef3a0e813910c38, 0x3ed39ea5edfe2019, 0xbeaf5d0315e1d558, 0x3e84df0b85dc0e7a, 0xbe57c456c5d90f62, 0x3e2798614ede3824, // c = 291/32
	0x3f1bab80e988767b, 0xbf1bab2136624a57, 0x3f0baa61d388936b, 0xbef27097657337fd, 0x3ed26e992afd067a, 0xbead776186914d77, 0x3e839c6c00732d3f, 0xbe565635ac178a27, 0x3e262f68fbaaa79b, // c = 293/32
	0x3f19fe5b67f2dedd, 0xbf19fe06f357564c, 0x3f09fd5e0cfc01c4, 0xbef152b2db3aedd2, 0x3ed150f091866fbd, 0xbeabaf13827ab2d2, 0x3e826d3784220ec2, 0xbe54fdf82616e8c7, 0x3e24dbb94dab03f6, // c = 295/32
	0x3f186b356e9ac2fd, 0xbf186aeae6551f62, 0x3f086a55d8287bd2, 0xbef0461d2c9caa13, 0x3ed0448fc92c972a, 0xbeaa025514b4808b, 0x3e815044c06769fe, 0xbe53ba5384bc78c0, 0x3e239c19beb87729, // c = 297/32
	0x3f16f07bd3be1952, 0xbf16f03a0d55bc6c, 0x3f06efb6827bf032, 0xbeee939498e6b423, 0x3ece90d730fbd226, 0xbea86f7d53154366, 0x3e80447bf4181df8, 0xbe528a101941e1d5, 0x3e226f62a8b41905, // c = 299/32
	0x3f158cb3d881a36c, 0xbf158c79cc8f0a11, 0x3f058c05b64ac9c8, 0xbeecb97cbe316647, 0x3eccb711bd576826, 0xbea6f4fcc5015d98, 0x3e7e91abd53e7d9d, 0xbe516c082d7ba626, 0x3e21547c7d6c56d9, // c = 301/32
	0x3f143e79ae7bdd40, 0xbf143e467489faf4, 0x3f043de001ffe09a, 0xbeeafc19814b79b0, 0x3ecaf9f7396b8193, 0xbea5915be1d06fcd, 0x3e7cb8b60ea6dd71, 0xbe505f27087a9bcb, 0x3e204a5f03724125, // c = 303/32
	0x3f13047f1425e728, 0xbf130451df0f6598, 0x3f0303f77600f43c, 0xbee959ae3454f91b, 0x3ec957cc1a6ac56b, 0xbea44339a5807240, 0x3e7afc44bc6d8f43, 0xbe4ec4cffe69d11f, 0x3e1ea02130cfd869, // c = 305/32
	0x3f11dd8a06d0320a, 0xbf11dd62218a073d, 0x3f01dd1257eb4547, 0xbee7d09909f343eb, 0x3ec7ceef93de5251, 0xbea3094a3a7c51a9, 0x3e795aa1b2f6c306, 0xbe4ce9ab21b709a2, 0x3e1cc94af2601a46, // c = 307/32
	0x3f10c87388ce0efb, 0xbf10c8505392925b, 0x3f00c809e9e08ed4, 0xbee65f517664823a, 0x3ec65dd9fcbc9fff, 0xbea1e255b74b35bd, 0x3e77d230d657495b, 0xbe4b2b111cf75e47, 0x3e1b0e7e20959c65, // c = 309/32
	0x3f0f884cf53eab28, 0xbf0f880ed0dcfc72, 0x3eff8792896031e9, 0xbee50466a97c3170, 0x3ec5031b4cf0e393, 0xbea0cd36ef0c6a17, 0x3e76616e94b5f9ff, 0xbe49874e9b0f7fae, 0x3e196e169527be2c, // c = 311/32
	0x3f0d9f3d0be463fe, 0xbf0d9f0634b9fa9d, 0x3efd9e988773e5a4, 0xbee3be7e200d482a, 0x3ec3bd59b1e59a98, 0xbe9f91b4a76463b4, 0x3e7506ee76922d5a, 0xbe47fcc9c9c063d4, 0x3e17e687e502f9e3, // c = 313/32
	0x3f0bd3ce32d1ce46, 0xbf0bd39dcd3e2757, 0x3efbd33d02f74dc0, 0xbee28c524b5ca05c, 0x3ec28b5038b9685f, 0xbe9da879d1f72cf4, 0x3e73c159c3cef989, 0xbe468a00e7e88fd4, 0x3e16765c23e63145, // c = 315/32
	0x3f0a2434e83ff8a5, 0xbf0a240a32709c83, 0x3efa23b4c78bf8d4, 0xbee16cb14d4b4695, 0x3ec16bcd8cd8ea8f, 0xbe9bdcd68e7501fb, 0x3e728f6e3c6e5c9c, 0xbe452d88e7227d55, 0x3e151c32b51fea51, // c = 317/32
	0x3f088ec18001f05c, 0xbf088e9bceea4de6, 0x3ef88e506d554d5c, 0xbee05e7bc7fc0e2f, 0x3ec05db2c9ca9fa1, 0xbe9a2d015a00447a, 0x3e716ffce3f2f7e8, 0xbe43e60c1feeb874, 0x3e13d6bf29546aef, // c = 319/32
	0x3f0711de73f906e5, 0xbf0711bd30a57dff, 0x3ef7117aaa7e50bf, 0xbedec1477f94d62f, 0x3ebebfe4be16ee35, 0xbe98974c3dabb4d1, 0x3e7061e8de6a669c, 0xbe42b249179a65e6, 0x3e12a4c829220b54, // c = 321/32
	0x3f05ac0ecea949d4, 0xbf05abf173e2aed5, 0x3ef5abb6bebf7fdd, 0xbedce4571cf445fd, 0x3ebce31e09d66474, 0xbe971a232868e7eb, 0x3e6ec84cbc5af656, 0xbe41911157160fd6, 0x3e1185266c691df7, // c = 323/32
	0x3f045becae59914d, 0xbf045bd2c68fb53c, 0x3ef45b9ef753e397, 0xbedb2449cd2fed10, 0x3ebb233582cece77, 0xbe95b40a61ed47e2, 0x3e6ceb7342dd7a4f, 0xbe40814851f4acbd, 0x3e1076c3bdeff082, // c = 325/32
	0x3f032027df42fad1, 0xbf03201102b5e09c, 0x3ef31fe349e48b82, 0xbed97f5fcc25fcf8, 0x3eb97e6bf825970f, 0xbe94639d151cb8e4, 0x3e6b2b6bfd74a253, 0xbe3f03c4b99f4030, 0x3e0ef13416227824, // c = 327/32
	0x3f01f7848b6a9e58, 0xbf01f7705e8b0004, 0x3ef1f74805082d3d, 0xbed7f3f46e4a5ad4, 0x3eb7f31d4048d898, 0xbe93278bf09d30b6, 0x3e698679ff29f9a7, 0xbe3d23c764a3a23f, 0x3e0d1364fe36f5bf, // c = 329/32
	0x3f00e0d9fed5e187, 0xbf00e0c830d685dd, 0x3ef0e0a49509e443, 0xbed6807c7d5e81b9, 0x3eb67fbe97af75d1, 0xbe91fe9bdc49cb5f, 0x3e67fafb10e466cf, 0xbe3b60bf0c637c3f, 0x3e0b52495403601c, // c = 331/32
	0x3effb622fdbc2b94, 0xbeffb60390e074b0, 0x3eefb5c4b77c1229, 0xbed52384ae72f39f, 0x3eb522dd18a5aa1b, 0xbe90e7a4c24e319c, 0x3e6687661a85fcb6, 0xbe39b8ee4ad11c3b, 0x3e09ac2b63f3e4b3, // c = 333/32
	0x3efdca4a66f63b0d, 0xbefdca2eab61caa5, 0x3eedc9f7347dc273, 0xbed3dbb02fad7c85, 0x3eb3db1c4aa880ba, 0xbe8fc320d5890d7b, 0x3e652a49a3d24a44, 0xbe382ab245f4eb7a, 0x3e081f6f1f46737d, // c = 335/32
	0x3efbfc3e42dd7c48, 0xbefbfc25c97e5b40, 0x3eebfbf4d6f92c92, 0xbed2a7b74c66b04d, 0x3eb2a734c7e8f04f, 0xbe8dd6b2d1812585, 0x3e63e24a6bc65b61, 0xbe36b48121567546, 0x3e06aa90a894a69f, // c = 337/32
	0x3efa4a3068963251, 0xbefa4a1acf675c8d, 0x3eea49ef9d390252, 0xbed186662646d60d, 0x3eb185f2f7a463ab, 0xbe8c08142f8508b7, 0x3e62ae22151d54cd, 0xbe3554e886005108, 0x3e054c22f3ca86d1, // c = 339/32
	0x3ef8b26eaebd2ec9, 0xbef8b25b9f3e0672, 0x3ee8b2358066f014, 0xbed0769b821ef680, 0x3eb07635dc145420, 0xbe8a55775134f968, 0x3e618c9de6cd9369, 0xbe340a8c3feeab35, 0x3e0402ce78b9364c, // c = 341/32
	0x3ef73361393cdaa2, 0xbef733506716baab, 0x3ee7332ec2eb0025, 0xbeceee8f4e9c23d3, 0x3eaeeddbe592a7fa, 0xbe88bd2a79a84b4a, 0x3e607c9d9f5a8044, 0xbe32d424efc52ac6, 0x3e02cd4ff7766a52, // c = 343/32
	0x3ef5cb88e16dacbc, 0xbef5cb7a09422f6c, 0x3ee5cb5c59062ad1, 0xbecd0ed6a12959c5, 0x3ead0e384caf2055, 0xbe873d961f9dc4e9, 0x3e5efa24b3cdbc04, 0xbe31b07ecfb5cb85, 0x3e01aa774dbc9ee3, // c = 345/32
	0x3ef4797db6ea8725, 0xbef479709d45b85e, 0x3ee479566a1274cc, 0xbecb4c2d5a93f9d5, 0x3eab4ba1a096eb91, 0xbe85d53b59678832, 0x3e5d19fb08046a6f, 0xbe309e788a8ee899, 0x3e0099265c83e1b8, // c = 347/32
	0x3ef33bed979a1b4d, 0xbef33be208045e33, 0x3ee33bcae8eb6bb4, 0xbec9a4d0e3ec2786, 0x3ea9a45594d9b209, 0xbe8482b2610ca8b9, 0x3e5b56dfc6746e58, 0xbe2f3a0447e61fe9, 0x3dff309ffa1f82be, // c = 349/32
	0x3ef2119add859fdc, 0xbef21190a9b18e5a, 0x3ee2117c4218c806, 0xbec81719eec71704, 0x3ea816ad1ccb8669, 0xbe8344a92f311e97, 0x3e59af11530ceaa7, 0xbe2d5637e1928aa6, 0x3dfd4dee0968662f, // c = 351/32
	0x3ef0f95b212ae6c3, 0xbef0f952203be176, 0x3ee0f9401e6a932d, 0xbec6a17ace92e496, 0x3ea6a11ac5dff7f6, 0xbe8219e22b6a102d, 0x3e5820e92f6358aa, 0xbe2b8fab3e002199, 0x3dfb885aad31f411, // c = 353/32
	0x3eefe42c1e18aa8d, 0xbeefe41c39e5ba66, 0x3edfe3fc7194f7e7, 0xbec5427deb7732c3, 0x3ea542292b72ffb6, 0xbe810132f0b88ad7, 0x3e56aada59e04132, 0xbe29e49a979218e1, 0x3df9de2605924f6d, // c = 355/32
	0x3eedf5889ea8ed3c, 0xbeedf57a987b82b8, 0x3eddf55e8c322f44, 0xbec3f8c44d3808a2, 0x3ea3f8798278e3ae, 0xbe7ff30649ef843d, 0x3e554b6fc5bc5abb, 0xbe28535d4efb31a1, 0x3df84daae3c52c1b, // c = 357/32
	0x3eec24dcfce9de3c, 0xbeec24d09c96e630, 0x3edc24b7dbff7978, 0xbec2c3043ca81c03, 0x3ea2c2c23ba5706c, 0xbe7e0396c43bb81e, 0x3e54014aea5a6794, 0xbe26da644ccfde1b, 0x3df6d55d397f53f8, // c = 359/32
	0x3eea70586b7317cf, 0xbeea704d7f690c9a, 0x3eda7037a760fe58, 0xbec1a007fa4dfc22, 0x3ea19fcdbab0d1c8, 0xbe7c3228607e7c48, 0x3e52cb22689f25e7, 0xbe2578387b6bdc17, 0x3df573c89ef8600e, // c = 361/32
	0x3ee8d64645b0352f, 0xbee8d63ca230990f, 0x3ed8d6295b3b5a5a, 0xbec08eac88f48654, 0x3ea08e792174f371, 0xbe7a7cea1ea88c5e, 0x3e51a7c0c4fc83cf, 0xbe242b7957c97e1d, 0x3df4278eee7956fe, // c = 363/32
	0x3ee7550c5b295a2a, 0xbee75503d999850e, 0x3ed754f2d6821fcd, 0xbebf1bc115e58581, 0x3e9f1b665b6376c6, 0xbe78e2271fa0d44d, 0x3e50960334f81f0f, 0xbe22f2db97fb890a, 0x3df2ef66f44be083, // c = 365/32
	0x3ee5eb29553ffd49, 0xbee5eb21d38e8075, 0x3ed5eb12d03261d3, 0xbebd394662139ccc, 0x3e9d38f650b16acb, 0xbe776044f24fdaf9, 0x3e4f29b0fe0dda7b, 0xbe21cd27e60c694a, 0x3df1ca1b31f297f7, // c = 367/32
	0x3ee4973335c5ccf5, 0xbee4972c95e2014a, 0x3ed4971f562018ea, 0xbebb74067391c6bc, 0x3e9b73bfcaa3efc6, 0xbe75f5c1fadd7c29, 0x3e4d467fd75194a5, 0xbe20b939ae169515, 0x3df0b688b39fabde, // c = 369/32
	0x3ee357d5ecec5ce7, 0xbee357d0144df962, 0x3ed357c46315e88e, 0xbeb9ca3c00efe205, 0x3e99c9fda5786eed, 0xbe74a133f28f5293, 0x3e4b80908d7d4575, 0xbe1f6bfbfcf4756c, 0x3def673bedd6b2ec, // c = 371/32
	0x3ee22bd205239da0, 0xbee22bccdc6073d4, 0x3ed22bc28ade0838, 0xbeb83a3d35313697, 0x3e983a062d726d87, 0xbe7361467ecdfb37, 0x3e49d61de04a0e0c, 0xbe1d84e4f247bfc9, 0x3ded80b3c3afcb11, // c = 373/32
	0x3ee111fb63930a83, 0xbee111f6d6013f76, 0x3ed111edbae0e661, 0xbeb6c27a0637e45a, 0x3e96c24975cc22cf, 0xbe7234b9ddedc2f7, 0x3e48457df556779f, 0xbe1bbb48a9ccbde6, 0x3debb7959278de90, // c = 375/32
	0x3ee009381bee129f, 0xbee0093417515c81, 0x3ed0092c0e1a9f8e, 0xbeb5617aa4f199fd, 0x3e95614fc958b119, 0xbe711a61a86c6a54, 0x3e46cd20b118a6bc, 0xbe1a0d5edbf17a64, 0x3dea0a1b0b76afdd, // c = 377/32
	0x3ede20feacef3169, 0xbede20f795706bec, 0x3ece20e96677547f, 0xbeb415de05b70033, 0x3e9415b8334b452f, 0xbe701123a5698bc3, 0x3e456b8e293932ca, 0xbe18797ac96b63da, 0x3de876992ce7ebaf, // c = 379/32
	0x3edc4db08e352742, 0xbedc4daa4c09addb, 0x3ecc4d9dc7b66bc6, 0xbeb2de587f67512f, 0x3e92de371eae32d0, 0xbe6e2fed6263d13e, 0x3e441f652ed33bfc, 0xbe16fe09938ec980, 0x3de6fb7ea153c0a6, // c = 381/32
	0x3eda96b2691dd71e, 0xbeda96ace334b518, 0x3eca96a1d7658041, 0xbeb1b9b27fe02d75, 0x3e91b9950b2b8de1, 0xbe6c5bc3698f003f, 0x3e42e759ef2d091a, 0xbe159990adebe638, 0x3de59752374ca19a, // c = 383/32
	0x3ed8fa4d1d237590, 0xbed8fa483d5db78d, 0x3ec8fa3e7dd4c4d6, 0xbeb0a6c75486fcde, 0x3e90a6ad55ddd296, 0xbe6aa3f55ac1d529, 0x3e41c234a991dd9c, 0xbe144aac67b56c9a, 0x3de448b17043ba04, // c = 385/32
	0x3ed776e4248e5608, 0xbed776dfd766713d, 0x3ec776d73d18c1f2, 0xbeaf49080b5a42f8, 0x3e8f48da29e5ff21, 0xbe6906cb85d4213f, 0x3e40aed07909e89e, 0xbe13100e8b8a272c, 0x3de30e4f251c5a32, // c = 387/32
	0x3ed60af3f7d4a0fd, 0xbed60af02c10436d, 0x3ec60ae89489468e, 0xbead63cc87560a1f, 0x3e8d63a409fe4d43, 0xbe6782a8d93e1079, 0x3e3f583461806cb9, 0xbe11e87d144fbb08, 0x3de1e6f23f408ff8, // c = 389/32
	0x3ed4b51089f9623a, 0xbed4b50d306472d2, 0x3ec4b5067d3c05f6, 0xbeab9bf6c93f582c, 0x3e8b9bd30dd9faca, 0xbe66160945cf6b8b, 0x3e3d721e93f100a1, 0xbe10d2d0f5dffdaa, 0x3de0d174850943f0, // c = 391/32
	0x3ed373e3dc6749ae, 0xbed373e0e79703e7, 0x3ec373dafdf7ab0f, 0xbea9efbee3a61752, 0x3e89ef9f5b16de4b, 0xbe64bf803b4fa47b, 0x3e3ba979c50f4453, 0xbe0f9be9f0b94ace, 0x3ddf9982f0b91bd6, // c = 393/32
	0x3ed2462ca8daf37a, 0xbed2462a0cf82aa5, 0x3ec24624d5339742, 0xbea85d788791e463, 0x3e885d5cb38d5a5e, 0xbe637db73c866cc4, 0x3e39fc7d95a2d522, 0xbe0db1c94a1ce60b, 0x3dddafaa8ce91447, // c = 395/32
	0x3ed12abd20069a90, 0xbed12abad29e4d8d, 0x3ec12ab637ce8653, 0xbea6e3915841eb05, 0x3e86e378c95391c1, 0xbe624f6c89439caf, 0x3e38697d44bb0631, 0xbe0be556878aad6e, 0x3ddbe3778f9fa138, // c = 397/32
	0x3ed02079bbadd1b8, 0xbed02077b387512c, 0x3ec02073a33afed5, 0xbea5808f58db333b, 0x3e858079aca72339, 0xbe613371dd12debc, 0x3e36eee60446a052, 0xbe0a34c5cf7d1d4f, 0x3dda331f1eb59dbe, // c = 399/32
	0x3ece4cb04616aca3, 0xbece4cacb006ab83, 0x3ebe4ca583e7cb06, 0xbea4330f72739f8c, 0x3e8432fc522c9a7c, 0xbe6028ab415bf32c, 0x3e358b3d6773f933, 0xbe089e671648ba18, 0x3dd89cf20fdd5f65, // c = 401/32
	0x3ecc76bc40cab385, 0xbecc76b9169aaf51, 0x3ebc76b2c23b9720, 0xbea2f9c4110024ee, 0x3e82f9b3300bf143, 0xbe5e5c1be387161c, 0x3e343d1fe94ce08e, 0xbe0720a470918425, 0x3dd71f5b3e9e7569, // c = 403/32
	0x3ecabd414d8b997d, 0xbecabd3e828e9e09, 0x3ebabd38ec956e47, 0xbea1d373d5c39823, 0x3e81d364f0883597, 0xbe5c853ea36581d0, 0x3e33033f8a198234, 0xbe05ba007f935bb3, 0x3dd5b8ddfbba5abc, // c = 405/32
	0x3ec91e85cdb8b68a, 0xbec91e8356bf1a00, 0x3eb91e7e68cc8606, 0xbea0bef85df0de3f, 0x3e80beeb38c5c6a2, 0xbe5acae7e3f851e2, 0x3e31dc62822b9919, 0xbe046914f5b2d3e8, 0x3dd46814947c0cc3, // c = 407/32
	0x3ec798eae43de3ea, 0xbec798e8b7687958, 0x3eb798e45dbe2d14, 0xbe9f767a388ee98d, 0x3e7f7663050d5992, 0xbe592b5d4b4ac730, 0x3e30c76208c83edc, 0xbe032c9131e32573, 0x3dd32baef08a33c5, // c = 409/32
	0x3ec62aead697c777, 0xbec62ae8eb30550d, 0x3eb62ae51461e1b2, 0xbe9d8e7c890869de, 0x3e7d8e680f6ee010, 0xbe57a4ff49d63451, 0x3e2f86525bf4adac, 0xbe020338f083d048, 0x3dd2027144e81eec, // c = 411/32
	0x3ec4d31786fc514d, 0xbec4d315d552abf0, 0x3eb4d31271ffbf47, 0xbe9bc40f8f24003b, 0x3e7bc3fd7d711621, 0xbe5636477b46c9f8, 0x3e2d9d678c543c7a, 0xbe00ebe3106d1aa0, 0x3dd0eb32dae550be, // c = 413/32
	0x3ec39019062181b2, 0xbec39017876cc21f, 0x3eb390148a0390f5, 0xbe9a1568beed7622, 0x3e7a1558ccc287b0, 0xbe54ddc7205fb512, 0x3e2bd21acccfb9d8, 0xbdffcaf0d5ec157a, 0x3dcfc9b9d39b8e39, // c = 415/32
	0x3ec260ac3b342bc0, 0xbec260aae97781f7, 0x3eb260a845fe6f0b, 0xbe9880d954116436, 0x3e7880cb4190b70b, 0xbe539a25b079f696, 0x3e2a22a0e0d038bc, 0xbdfddde57ba19329, 0x3dcddcd3047d2e8a, // c = 417/32
	0x3ec143a1a0a699e3, 0xbec143a0769951f3, 0x3eb1439e227ef7ad, 0xbe9704cca30e853d, 0x3e7704c037db7e73, 0xbe526a1f8130c85e, 0x3e288d4a5a7e76a9, 0xbdfc0eb74b573bc1, 0x3dcc0dc51425dee3, // c = 419/32
	0x3ec037dc1493d158, 0xbec037db0d8c2994, 0x3eb037d8ff7d067a, 0xbe959fc6847f0773, 0x3e759fbb8edc6fa3, 0xbe514c8482e4662a, 0x3e271081ebf17649, 0xbdfa5b975129e0c5, 0x3dca5ac18fda3fe3, // c = 421/32
	0x3ebe789f770f8e6f, 0xbebe789da6d085f6, 0x3eae789a0652beaf, 0xbe945061d8e55e1d, 0x3e7450582cee2b7d, 0xbe50403710d0c38b, 0x3e25aacad2689a8a, 0xbdf8c2d29e60327a, 0x3dc8c215fadc0169, // c = 423/32
	0x3ebca001e91e7db8, 0xbebca0004f6c564d, 0x3eac9ffd1c08448a, 0xbe93154f2380902c, 0x3e7315469a7818f3, 0xbe4e8855a7125654, 0x3e245abf59ff0278, 0xbdf742d097ae41de, 0x3dc7422a1e75d20a, // c = 425/32
	0x3ebae406bb06a3b1, 0xbebae4055178735d, 0x3eaae4027e5c4557, 0xbe91ed533ac300ce, 0x3e71ed4bb279d5cb, 0xbe4caec769781863, 0x3e231f0f785e11ac, 0xbdf5da115da66488, 0x3dc5d97e73ff10ee, // c = 427/32
	0x3eb942f1cd29bba6, 0xbeb942f08e176852, 0x3ea942ee0ff2eba6, 0xbe90d7460d1c4ad5, 0x3e70d73f67674cd8, 0xbe4af1e9c666d404, 0x3e21f67f7d0bcb7b, 0xbdf4872c4dc483ab, 0x3dc486aaa74a97eb, // c = 429/32
	0x3eb7bb21e856aa44, 0xbeb7bb20cec241d1, 0x3ea7bb1e9b9993b8, 0xbe8fa422f1b62a93, 0x3e6fa4173635421b, 0xbe494fffcc2d11a8, 0x3e20dfe6d60706c5, 0xbdf348ce9a98edb0, 0x3dc3485c300b4488, // c = 431/32
	0x3eb64b0f1c71860e, 0xbeb64b0e23f33fe5, 0x3ea64b0c32f6d06d, 0xbe8db9606bfdb566, 0x3e6db95611684ea0, 0xbe47c7677d013fd0, 0x3e1fb45dceef3131, 0xbdf21db9f9ae65c7, 0x3dc21d5500cee367, // c = 433/32
	0x3eb4f14938649436, 0xbeb4f1485d192c50, 0x3ea4f146a6827470, 0xbe8bec59a1c7109a, 0x3e6bec507ea51a55, 0xbe4656982d1d3bec, 0x3e1dc8a3ea96f284, 0xbdf104c365dc7b3a, 0x3dc1046a4a44dc4b, // c = 435/32
	0x3eb3ac7659d21152, 0xbeb3ac75984b35fd, 0x3ea3ac74153d9327, 0xbe8a3b416983614c, 0x3e6a3b39593c341c, 0xbe44fc20fa26e94c, 0x3e1bfab43b5755a1, 0xbdeff9a3e9967cf3, 0x3dbff906a3330e1c, // c = 437/32
	0x3eb27b5193165f30, 0xbeb27b50e84cf336, 0x3ea27b4f92ba2bb2, 0xbe88a4668a1bbd51, 0x3e68a45f6c6388b4, 0xbe43b6a75a5df2a4, 0x3e1a48c0c688b773, 0xbdee09bb7d008d27, 0x3dbe0930b182f709, // c = 439/32
	0x3eb15ca9a640829c, 0xbeb15ca90f887cca, 0x3ea15ca7e2187ec7, 0xbe87263209a0e4db, 0x3e67262bc1f75560, 0xbe4284e5c21e80d8, 0x3e18b1178cd6e6c5, 0xbdec37ddabbd7102, 0x3dbc37632f430f77, // c = 441/32
	0x3eb04f5fd3bbd36a, 0xbeb04f5f4eb98add, 0x3ea04f5e44b50510, 0xbe85bf25963acf24, 0x3e65bf200b78e782, 0xbe4165aa5e5ef267, 0x3e173220d87ef157, 0xbdea8238a22965e3, 0x3dba81cc8a209f36, // c = 443/32
	0x3eaea4cd76f2e675, 0xbeaea4cc8c305b33, 0x3e9ea4cab6ab576a, 0xbe846dda07c1055d, 0x3e646dd523b46146, 0xbe4057d5e2e38840, 0x3e15ca5da5cd444d, 0xbde8e716c2006950, 0x3db8e6b75d7bfae9, // c = 445/32
	0x3eacc9829ef540a6, 0xbeacc981cfc8783e, 0x3e9cc980316ef6f7, 0xbe8330fdf87d6cab, 0x3e6330f9a78f59e9, 0xbe3eb4b4d5ed4651, 0x3e1478662445d3f3, 0xbde764dced48afda, 0x3db76488be39d36e, // c = 447/32
	0x3eab0b03ad5cb782, 0xbeab0b02f687eac2, 0x3e9b0b0188de5e21, 0xbe82075473b247aa, 0x3e620750a499516a, 0xbe3cd874d70d477a, 0x3e133ae84ef882a6, 0xbde5fa08ebab41cc, 0x3db5f9bea0e78ba1, // c = 449/32
	0x3ea96791fe4a5c91, 0xbea967915cf1449e, 0x3e9967901a3f1f65, 0xbe80efb3b891f8a5, 0x3e60efb05c0caacb, 0xbe3b190f6b37b1f7, 0x3e1210a69a9b0915, 0xbde4a52fe8a2582e, 0x3db4a4ee589d5eb7, // c = 451/32
	0x3ea7dd89fd5a5d39, 0xbea7dd896ef6beac, 0x3e97dd88522f8a6a, 0xbe7fd20820d6fb43, 0x3e5fd2023206958b, 0xbe3974c510526d5a, 0x3e10f876b81749fa, 0xbde364fd08fda488, 0x3db364c32d2151a5, // c = 453/32
	0x3ea66b6181eda951, 0xbea66b61044537e7, 0x3e966b6008f45c6a, 0xbe7de47d6dc3a498, 0x3e5de478316a4f62, 0xbe37e9f16093bda8, 0x3e0fe280d4a2ab7e, 0xbde238301653c632, 0x3db237fd06e4ada7, // c = 455/32
	0x3ea50fa644e15e65, 0xbea50fa5d5fcd0dd, 0x3e950fa4f833bbe2, 0xbe7c14d9a62cdae4, 0x3e5c14d5075239f8, 0xbe3677096e17dc11, 0x3e0df3f8dbf70697, 0xbde11d9c3f0de6fc, 0x3db11d6f2f8b2e7e, // c = 457/32
	0x3ea3c8fc6e2991eb, 0xbea3c8fc0c4cc23d, 0x3e93c8fb489327ee, 0xbe7a614d01800340, 0x3e5a6148eda28670, 0xbe351a9a37ed01df, 0x3e0c2366e4c1fa5a, 0xbde01426e9cee36c, 0x3db013ff25bf3770, // c = 459/32
	0x3ea2961d38dcf966, 0xbea2961ce27ff1e1, 0x3e92961c35c5e706, 0xbe78c823d06d27cd, 0x3e58c8203737ec2b, 0xbe33d347370b3c4f, 0x3e0a6efa44400e2b, 0xbdde358d361528c4, 0x3dae35470652b306, // c = 461/32
	0x3ea175d5ac5561f6, 0xbea175d5601e3b5a, 0x3e9175d4c7aff19b, 0xbe7747c4c919e0ab, 0x3e5747c19c234750, 0xbe329fc901c54117, 0x3e08d4fe75ba3fb6, 0xbddc6103d767b5fa, 0x3dac60c5e6e69a91, // c = 463/32
	0x3ea06705691dfef2, 0xbea0670525db770a, 0x3e9067049f566a1a, 0xbe75deaf6dbb2120, 0x3e55deaca04b1596, 0xbe317eec0455eb25, 0x3e0753d9660e1ed5, 0xbddaa8dd1ff20bd2, 0x3daaa8a6769e96ec, // c = 465/32
	0x3e9ed13b10f8ccfc, 0xbe9ed13a9a4232fd, 0x3e8ed139acd503c4, 0xbe748b7a8bfc77be, 0x3e548b7812d97ec8, 0xbe306f8f4d431baf, 0x3e05ea09d9a3ea1e, 0xbdd90b60da2c31e8, 0x3da90b309d18f284, // c = 467/32
	0x3e9cf33f1ae75de2, 0xbe9cf33eb223c106, 0x3e8cf33de09c8b43, 0xbe734cd2d3b41d0e, 0x3e534cd0a4f65fd8, 0xbe2ee146d8c51404, 0x3e049625eb392df7, 0xbdd786f17aa6f8b4, 0x3da786c6e89fede0, // c = 469/32
	0x3e9b3238cc653675, 0xbe9b32386ff0fc9c, 0x3e8b3237b7088c2e, 0xbe722179837a78c4, 0x3e5221779664185e, 0xbe2d0252c6bf50ce, 0x3e0356d9a1ff2a33, 0xbdd61a0a82ab5f2a, 0x3da619e4f1302c21, // c = 471/32
	0x3e998c66f9dc6194, 0xbe998c66a8453e8f, 0x3e898c660516fb3b, 0xbe71084329d1a87b, 0x3e51084176abbac0, 0xbe2b40634d66803c, 0x3e022ae59da385df, 0xbdd4c33efbdfb1e3, 0x3da4c31dd478bdfe, // c = 473/32
	0x3e980023ae72fdbc, 0xbe98002366722835, 0x3e880022d6707f66, 0xbe700016799e2306, 0x3e500014f999ccb5, 0xbe2999b65c1ba752, 0x3e01111dd6efb524, 0xbdd381380b6ef9b4, 0x3da3811ac952cd55, // c = 475/32
	0x3e968be285f3bb02, 0xbe968be24668cfa0, 0x3e868be1c752faba, 0xbe6e0fd66189c8b1, 0x3e4e0fd3bbc02932, 0xbe280ca5268a8ab0, 0x3e00086873bfff8d, 0xbdd252b39b46b3e7, 0x3da25299c94624c8, // c = 477/32
	0x3e952e2f20490fb1, 0xbe952e2ee8358e0c, 0x3e852e2e780e8c4c, 0xbe6c3d921fab6742, 0x3e4c3d8fc986278a, 0xbe2697a27dc97fd1, 0x3dfe1f795a4cc37b, 0xbdd136831814c9f1, 0x3da1366c4ec5a4f1, // c = 479/32
	0x3e93e5abacfe7f86, 0xbe93e5ab7b81ced0, 0x3e83e5ab18886eab, 0xbe6a878dc37242f8, 0x3e4a878bb395b12e, 0xbe2539394316fc9a, 0x3dfc4c438d3f5064, 0xbdd02b8a42c4679d, 0x3da02b7626e34045, // c = 481/32
	0x3e92b10f8d535966, 0xbe92b10f61a744de, 0x3e82b10f0a4f1cdd, 0xbe68ec1324d3c011, 0x3e48ec1152fdaaa6, 0xbe23f00af2a7b811, 0x3dfa955c2aa4550e, 0xbdce617c289771e4, 0x3d9e6158aa9cc7d9, // c = 483/32
	0x3e918f260b80e27d, 0xbe918f25e4f67f94, 0x3e818f2597e1baa3, 0xbe676986a7a04487, 0x3e4769850c86e676, 0xbe22bace45103b3f, 0x3df8f90c2cbb2291, 0xbdcc8a47655db049, 0x3d9c8a281303b163, // c = 485/32
	0x3e907ecd25eb1ad6, 0xbe907ecd03e80c9b, 0x3e807eccbfe1f0de, 0xbe65fe659fc7a4c9, 0x3e45fe6434fc74cf, 0xbe21984de5eb58ec, 0x3df775b726a4361d, 0xbdcacf9eec5ab2af, 0x3d9acf83482e6bae, // c = 487/32
	0x3e8efde8da0e6703, 0xbe8efde89e0680be, 0x3e7efde825f6b569, 0xbe64a944ce8f6c41, 0x3e44a9438e655a27, 0xbe2087673e743c9a, 0x3df609d9a7e7ef4f, 0xbdc92fc7fb3ffd49, 0x3d992faf968c1030, // c = 489/32
	0x3e8d1d37e5ab0b1a, 0xbe8d1d37b0b0eb5e, 0x3e7d1d3746bcace8, 0xbe6368cef73821ff, 0x3e4368cddcacdace, 0xbe1f0e12a5bd6400, 0x3df4b407b8f92f0d, 0xbdc7a922a236861b, 0x3d97a90d1b47c2d3, // c = 491/32
	0x3e8b59a695bcdbda, 0xbe8b59a666fc5382, 0x3e7b59a6097b43a7, 0xbe623bc389a619a0, 0x3e423bc2904df7ab, 0xbe1d2c6762960460, 0x3df372eb6f308ec0, 0xbdc63a2823f34a34, 0x3d963a15249160f5, // c = 493/32
	0x3e89b1713363ed2c, 0xbe89b1710a21bbbb, 0x3e79b170b79d598c, 0xbe6120f561b864d4, 0x3e4120f485acbb3c, 0xbe1b67eae288ba5a, 0x3df2454396d4514a, 0xbdc4e1696efbf0be, 0x3d94e158ab101f06, // c = 495/32
	0x3e8822ef65f37223, 0xbe8822ef418a57cf, 0x3e7822eef8b823b8, 0xbe6017499a0d28d6, 0x3e401748d7dca3a7, 0xbe19bed885929f56, 0x3df129e271d735b4, 0xbdc39d8dae952a1f, 0x3d939d7ee2f97b2a, // c = 497/32
	0x3e86ac928a75f46b, 0xbe86ac926a541c39, 0x3e76ac922a106c4e, 0xbe5e3b6ce20c1285, 0x3e3e3b6b8b4dc71c, 0xbe182f8717da9ab0, 0x3df01fac8a0d04d9, 0xbdc26d50f1ec14de, 0x3d926d43e35e711c, // c = 499/32
	0x3e854ce424e95fcb, 0xbe854ce4088e177f, 0x3e754ce3cfd7874c, 0xbe5c66847de33570, 0x3e3c66834f6ae6e9, 0xbe16b8672861e001, 0x3dee4b2f2b4e493f, 0xbdc14f82e822208c, 0x3d914f776256f6e8, // c = 501/32
	0x3e84028469a3fd85, 0xbe840284509db22c, 0x3e7402841e911bcf, 0xbe5aae04f89feabd, 0x3e3aae03edb224a3, 0xbe15580179788356, 0x3dec7552d9bb7e59, 0xbdc04305aff7be8e, 0x3d9042fb84c890fc, // c = 503/32
	0x3e82cc28dd6ba621, 0xbe82cc28c7561d2d, 0x3e72cc289b2b0b8c, 0xbe591035ae7136cb, 0x3e391034c2e0de2b, 0xbe140cf58966921d, 0x3deabbee1f766b81, 0xbdbe8d9973cb8bbd, 0x3d8e8d878130a499, // c = 505/32
	0x3e81a89b0adf242a, 0xbe81a89af761ea04, 0x3e71a89ad06775f0, 0xbe578b78adee1346, 0x3e378b77de0bacae, 0xbe12d5f831d252d8, 0x3de91d47761f6c44, 0xbdbcb3b7770faaa8, 0x3d8cb3a7a055ed6a, // c = 507/32
	0x3e8096b74be71667, 0xbe8096b73ab41c26, 0x3e7096b7184e27d4, 0xbe561e491a02ffa8, 0x3e361e48628dec53, 0xbe11b1d25c8309e0, 0x3de797c01743de58, 0xbdbaf68b6696934e, 0x3d8af67d6c4e0783, // c = 509/32
	0x3e7f2ad74bef5217, 0xbe7f2ad72d9417ac, 0x3e6f2ad6f0dda327, 0xbe54c739a4f5d205, 0x3e34c739030f490b, 0xbe109f5fcc34fd4e, 0x3de629d25d8037ee, 0xbdb95457f6cd358f, 0x3d89544ba0fa2073, // c = 511/32
}

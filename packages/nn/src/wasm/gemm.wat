;; WebAssembly SIMD (f64x2) matmul kernel of @zpbench/nn, used by ../matrix.ts.
;; Compiled by packages/nn/scripts/build-wasm.mjs into gemm-wasm.generated.ts (a test fails when
;; the committed bytes drift from this file).
;;
;; gemm computes C (m×n, row-major, at $c) = Σₚ A(i,p)·B(p,j) (+ C when $accum), where
;; A(i,p) is the f64 at $a + i·$ais + p·$aps and B(p,j) the f64 at $b + p·$bps + j·$bjs
;; (byte offsets and byte strides), the same contract as gemmStrided in ../matrix.ts.
;;
;; Bit-identity with the JS kernel: every output element is accumulated as s = 0, then
;; s = s + A(i,p)·B(p,j) for p = 0, 1, …, k−1 in that order, then s + C when accumulating.
;; The SIMD lanes run across two adjacent columns j, never across p, and each step is an
;; f64x2.mul followed by an f64x2.add (two IEEE roundings, no fused multiply-add), so each lane
;; rounds exactly like the JS `s += a * b`.
;;
;; Layout: both operands are first packed into panels (A in 4-row panels, B in 4-column panels,
;; zero-padded), so the inner loop reads one contiguous stream per operand whatever the strides
;; (this also turns A·Bᵀ into the same loop). Each 4×4 block of C lives in eight f64x2
;; accumulators over the whole k loop: 2 vector loads of B and 4 splat loads of A per 16
;; multiply-adds. Padded rows and columns only feed lanes whose results are never stored.
;; A larger tile (6×4, 4×6, 3×8) spills on x64's 16 xmm registers and measured slower.
;;
;; Threads: the memory is shared and imported, so the helper threads of ../threads.ts run their
;; own instance of this module on the same bytes. gemm computes one rectangle of C's 4×4 blocks
;; (rows [i_lo, i_hi), columns [j_lo, j_hi), starting on multiples of 4) into scratch panels of
;; its own, so several threads fill disjoint blocks of one product at once; an element's sum is
;; the same whichever thread computes it. colsum and the ReLU kernels take ranges the same way.
(module
  (import "env" "memory" (memory 1 16384 shared))

  ;; Copy the rows×k operand X(r,p) at $src + r·$rs + p·$ps into 4-row panels at $dst:
  ;; dst[(blk·k + p)·4 + q] = X(4·blk + q, p), or 0 when 4·blk + q ≥ rows. Full panels step four
  ;; row pointers by $ps with i64 loads and stores (bit copies, no bounds test per element);
  ;; only the last, partial panel takes the general loop.
  (func $pack4 (param $src i32) (param $rs i32) (param $ps i32) (param $rows i32) (param $k i32)
    (param $dst i32)
    (local $r0 i32) (local $p i32) (local $q i32) (local $r i32)
    (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $end i32)
    (block $rows_done
      (loop $rows_loop
        (br_if $rows_done (i32.ge_u (local.get $r0) (local.get $rows)))
        (if (i32.le_u (i32.add (local.get $r0) (i32.const 4)) (local.get $rows))
          (then
            (local.set $s0 (i32.add (local.get $src) (i32.mul (local.get $r0) (local.get $rs))))
            (local.set $s1 (i32.add (local.get $s0) (local.get $rs)))
            (local.set $s2 (i32.add (local.get $s1) (local.get $rs)))
            (local.set $s3 (i32.add (local.get $s2) (local.get $rs)))
            (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $k) (i32.const 5))))
            (block $full_done
              (loop $full_loop
                (br_if $full_done (i32.ge_u (local.get $dst) (local.get $end)))
                (i64.store offset=0 (local.get $dst) (i64.load (local.get $s0)))
                (i64.store offset=8 (local.get $dst) (i64.load (local.get $s1)))
                (i64.store offset=16 (local.get $dst) (i64.load (local.get $s2)))
                (i64.store offset=24 (local.get $dst) (i64.load (local.get $s3)))
                (local.set $s0 (i32.add (local.get $s0) (local.get $ps)))
                (local.set $s1 (i32.add (local.get $s1) (local.get $ps)))
                (local.set $s2 (i32.add (local.get $s2) (local.get $ps)))
                (local.set $s3 (i32.add (local.get $s3) (local.get $ps)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
                (br $full_loop))))
          (else
            (local.set $p (i32.const 0))
            (block $p_done
              (loop $p_loop
                (br_if $p_done (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $q (i32.const 0))
                (loop $q_loop
                  (local.set $r (i32.add (local.get $r0) (local.get $q)))
                  (f64.store (local.get $dst)
                    (if (result f64) (i32.lt_u (local.get $r) (local.get $rows))
                      (then
                        (f64.load
                          (i32.add (local.get $src)
                            (i32.add (i32.mul (local.get $r) (local.get $rs))
                              (i32.mul (local.get $p) (local.get $ps))))))
                      (else (f64.const 0))))
                  (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
                  (local.set $q (i32.add (local.get $q) (i32.const 1)))
                  (br_if $q_loop (i32.lt_u (local.get $q) (i32.const 4))))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $p_loop)))))
        (local.set $r0 (i32.add (local.get $r0) (i32.const 4)))
        (br $rows_loop))))

  ;; ReLU forward over n f64 at $x into $y, two lanes at a time (n is rounded up to even, so
  ;; both regions need 16 bytes of room): y = x when x > 0, +0 when x ≤ 0 (so −0 → +0), and the
  ;; x64 default NaN 0xfff8… when x is NaN, bit for bit what V8's optimised Math.max(x, 0) stores.
  ;; Branch-free: the JS loop mispredicts on every sign change of a fresh batch.
  (func (export "relu") (param $x i32) (param $y i32) (param $n i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $v (v128.load (local.get $x)))
        (v128.store (local.get $y)
          (v128.bitselect
            (v128.const i64x2 -2251799813685248 -2251799813685248)
            (v128.and (local.get $v) (f64x2.gt (local.get $v) (v128.const f64x2 0 0)))
            (f64x2.ne (local.get $v) (local.get $v))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br $l))))

  ;; ReLU backward: d = g where x > 0, else +0 (g's bits kept, NaN x gives +0), as the JS
  ;; `x > 0 ? g : 0`; same rounding-up of n as relu.
  (func (export "relu_backward") (param $x i32) (param $g i32) (param $d i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (v128.store (local.get $d)
          (v128.and (v128.load (local.get $g))
            (f64x2.gt (v128.load (local.get $x)) (v128.const f64x2 0 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $l))))

;; Adam (../optimizer.ts) on elements [0, n) of x, g, m and v (n even), each lane as the JS loop:
  ;; gi = g + l2·x; xi = x·decay; m = b1·m + c1·gi; v = b2·v + (c2·gi)·gi;
  ;; x = xi − (step·m) / (√v / sbc2 + eps), with c1 = 1 − b1 and c2 = 1 − b2 passed in. Every
  ;; operation is one IEEE rounding (f64x2.sqrt and f64x2.div are correctly rounded like
  ;; Math.sqrt and /), in the JS order, so the bits are the JS loop's.
  (func (export "adam") (param $x i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
    (param $l2 f64) (param $decay f64) (param $b1 f64) (param $c1 f64) (param $b2 f64)
    (param $c2 f64) (param $step f64) (param $sbc2 f64) (param $eps f64)
    (local $end i32) (local $xi v128) (local $gi v128) (local $mi v128) (local $vi v128)
    (local $vl2 v128) (local $vdecay v128) (local $vb1 v128) (local $vc1 v128) (local $vb2 v128)
    (local $vc2 v128) (local $vstep v128) (local $vsbc2 v128) (local $veps v128)
    (local.set $vl2 (f64x2.splat (local.get $l2)))
    (local.set $vdecay (f64x2.splat (local.get $decay)))
    (local.set $vb1 (f64x2.splat (local.get $b1)))
    (local.set $vc1 (f64x2.splat (local.get $c1)))
    (local.set $vb2 (f64x2.splat (local.get $b2)))
    (local.set $vc2 (f64x2.splat (local.get $c2)))
    (local.set $vstep (f64x2.splat (local.get $step)))
    (local.set $vsbc2 (f64x2.splat (local.get $sbc2)))
    (local.set $veps (f64x2.splat (local.get $eps)))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $xi (v128.load (local.get $x)))
        (local.set $gi
          (f64x2.add (v128.load (local.get $g)) (f64x2.mul (local.get $vl2) (local.get $xi))))
        (local.set $xi (f64x2.mul (local.get $xi) (local.get $vdecay)))
        (local.set $mi
          (f64x2.add (f64x2.mul (local.get $vb1) (v128.load (local.get $m)))
            (f64x2.mul (local.get $vc1) (local.get $gi))))
        (local.set $vi
          (f64x2.add (f64x2.mul (local.get $vb2) (v128.load (local.get $v)))
            (f64x2.mul (f64x2.mul (local.get $vc2) (local.get $gi)) (local.get $gi))))
        (v128.store (local.get $m) (local.get $mi))
        (v128.store (local.get $v) (local.get $vi))
        (v128.store (local.get $x)
          (f64x2.sub (local.get $xi)
            (f64x2.div (f64x2.mul (local.get $vstep) (local.get $mi))
              (f64x2.add (f64x2.div (f64x2.sqrt (local.get $vi)) (local.get $vsbc2))
                (local.get $veps)))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (br $l))))

  ;; Column sums for a bias gradient: out[j] = out[j] + X(0,j) + X(1,j) + … + X(rows−1,j) for
  ;; j in [j_lo, j_hi), X(i,j) the f64 at $x + i·$rs + j·8, added row by row in that order (as the
  ;; JS loop `gb[j] = gb[j] + g[i·n + j]`); lanes run across adjacent columns, never across rows.
  (func (export "colsum") (param $x i32) (param $rs i32) (param $rows i32) (param $out i32)
    (param $j_lo i32) (param $j_hi i32)
    (local $j i32) (local $p i32) (local $pEnd i32) (local $s0 v128) (local $s1 v128) (local $s f64)
    (local.set $j (local.get $j_lo))
    (local.set $pEnd (i32.mul (local.get $rows) (local.get $rs)))
    ;; Four columns at a time, two f64x2 accumulators.
    (block $quad_done
      (loop $quad_loop
        (br_if $quad_done (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $j_hi)))
        (local.set $s0 (v128.load offset=0 (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $s1 (v128.load offset=16 (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $p (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $pEnd (i32.add (local.get $p) (i32.mul (local.get $rows) (local.get $rs))))
        (block $rows_done
          (loop $rows_loop
            (br_if $rows_done (i32.ge_u (local.get $p) (local.get $pEnd)))
            (local.set $s0 (f64x2.add (local.get $s0) (v128.load offset=0 (local.get $p))))
            (local.set $s1 (f64x2.add (local.get $s1) (v128.load offset=16 (local.get $p))))
            (local.set $p (i32.add (local.get $p) (local.get $rs)))
            (br $rows_loop)))
        (v128.store offset=0 (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3))) (local.get $s0))
        (v128.store offset=16 (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3))) (local.get $s1))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $quad_loop)))
    ;; The last one to three columns, one at a time.
    (block $one_done
      (loop $one_loop
        (br_if $one_done (i32.ge_u (local.get $j) (local.get $j_hi)))
        (local.set $s (f64.load (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $p (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $pEnd (i32.add (local.get $p) (i32.mul (local.get $rows) (local.get $rs))))
        (block $rows1_done
          (loop $rows1_loop
            (br_if $rows1_done (i32.ge_u (local.get $p) (local.get $pEnd)))
            (local.set $s (f64.add (local.get $s) (f64.load (local.get $p))))
            (local.set $p (i32.add (local.get $p) (local.get $rs)))
            (br $rows1_loop)))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3))) (local.get $s))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $one_loop))))

  ;; C's 4×4 blocks in rows [i_lo, i_hi) and columns [j_lo, j_hi) of the m×n product (i_lo, j_lo
  ;; multiples of 4; i_hi ≤ m, j_hi ≤ n). $mode: 0 stores the sum s, 1 stores s + C (accumulate),
  ;; 2 stores s + bias[j] with the n-vector bias at $bias (a Dense layer's forward, the same bits
  ;; as filling C with the bias rows and accumulating). $pa and $pb are scratch for this call's
  ;; packed panels (4·⌈(i_hi−i_lo)/4⌉·k and 4·⌈(j_hi−j_lo)/4⌉·k f64), $t for one 4×4 tile (16 f64,
  ;; 16-byte aligned); none may overlap A, B, C or another thread's scratch.
  (func (export "gemm")
    (param $m i32) (param $n i32) (param $k i32)
    (param $a i32) (param $ais i32) (param $aps i32)
    (param $b i32) (param $bps i32) (param $bjs i32)
    (param $c i32) (param $mode i32) (param $bias i32)
    (param $pa i32) (param $pb i32) (param $t i32)
    (param $i_lo i32) (param $i_hi i32) (param $j_lo i32) (param $j_hi i32)
    (local $i0 i32) (local $j0 i32) (local $pA i32) (local $pB i32) (local $pEnd i32)
    (local $cp i32) (local $r i32) (local $j i32) (local $rm i32) (local $jm i32) (local $x f64)
    (local $s v128) (local $b0 v128) (local $b1 v128) (local $bv0 v128) (local $bv1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    ;; A(i,p) as rows i with row stride ais; B(p,j) seen as rows j with row stride bjs.
    (call $pack4 (i32.add (local.get $a) (i32.mul (local.get $i_lo) (local.get $ais)))
      (local.get $ais) (local.get $aps) (i32.sub (local.get $i_hi) (local.get $i_lo)) (local.get $k)
      (local.get $pa))
    (call $pack4 (i32.add (local.get $b) (i32.mul (local.get $j_lo) (local.get $bjs)))
      (local.get $bjs) (local.get $bps) (i32.sub (local.get $j_hi) (local.get $j_lo)) (local.get $k)
      (local.get $pb))
    (local.set $i0 (local.get $i_lo))
    (block $i_done
      (loop $i_loop
        (br_if $i_done (i32.ge_u (local.get $i0) (local.get $i_hi)))
        (local.set $j0 (local.get $j_lo))
        (block $j_done
          (loop $j_loop
            (br_if $j_done (i32.ge_u (local.get $j0) (local.get $j_hi)))
            (local.set $c00 (v128.const f64x2 0 0))
            (local.set $c01 (v128.const f64x2 0 0))
            (local.set $c10 (v128.const f64x2 0 0))
            (local.set $c11 (v128.const f64x2 0 0))
            (local.set $c20 (v128.const f64x2 0 0))
            (local.set $c21 (v128.const f64x2 0 0))
            (local.set $c30 (v128.const f64x2 0 0))
            (local.set $c31 (v128.const f64x2 0 0))
            ;; Panels start at 4·k f64 per block of 4 rows (columns) from the range's start.
            (local.set $pA (i32.add (local.get $pa)
              (i32.shl (i32.mul (i32.sub (local.get $i0) (local.get $i_lo)) (local.get $k)) (i32.const 3))))
            (local.set $pB (i32.add (local.get $pb)
              (i32.shl (i32.mul (i32.sub (local.get $j0) (local.get $j_lo)) (local.get $k)) (i32.const 3))))
            (local.set $pEnd (i32.add (local.get $pA) (i32.shl (local.get $k) (i32.const 5))))
            (if (i32.gt_u (local.get $k) (i32.const 0))
              (then
                (loop $p_loop
                  (local.set $b0 (v128.load offset=0 (local.get $pB)))
                  (local.set $b1 (v128.load offset=16 (local.get $pB)))
                  (local.set $s (v128.load64_splat offset=0 (local.get $pA)))
                  (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $s) (local.get $b0))))
                  (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $s) (local.get $b1))))
                  (local.set $s (v128.load64_splat offset=8 (local.get $pA)))
                  (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $s) (local.get $b0))))
                  (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $s) (local.get $b1))))
                  (local.set $s (v128.load64_splat offset=16 (local.get $pA)))
                  (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $s) (local.get $b0))))
                  (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $s) (local.get $b1))))
                  (local.set $s (v128.load64_splat offset=24 (local.get $pA)))
                  (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $s) (local.get $b0))))
                  (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $s) (local.get $b1))))
                  (local.set $pA (i32.add (local.get $pA) (i32.const 32)))
                  (local.set $pB (i32.add (local.get $pB) (i32.const 32)))
                  (br_if $p_loop (i32.lt_u (local.get $pA) (local.get $pEnd))))))
            (if (i32.and
                  (i32.le_u (i32.add (local.get $i0) (i32.const 4)) (local.get $i_hi))
                  (i32.le_u (i32.add (local.get $j0) (i32.const 4)) (local.get $j_hi)))
              (then
                ;; A full tile: add C or the bias (s + C, as the JS kernel does) and store in place.
                (local.set $cp (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i0) (local.get $n)) (local.get $j0)) (i32.const 3))))
                (if (i32.eq (local.get $mode) (i32.const 2))
                  (then
                    (local.set $bv0 (v128.load offset=0 (i32.add (local.get $bias) (i32.shl (local.get $j0) (i32.const 3)))))
                    (local.set $bv1 (v128.load offset=16 (i32.add (local.get $bias) (i32.shl (local.get $j0) (i32.const 3)))))
                    (local.set $c00 (f64x2.add (local.get $c00) (local.get $bv0)))
                    (local.set $c01 (f64x2.add (local.get $c01) (local.get $bv1)))
                    (local.set $c10 (f64x2.add (local.get $c10) (local.get $bv0)))
                    (local.set $c11 (f64x2.add (local.get $c11) (local.get $bv1)))
                    (local.set $c20 (f64x2.add (local.get $c20) (local.get $bv0)))
                    (local.set $c21 (f64x2.add (local.get $c21) (local.get $bv1)))
                    (local.set $c30 (f64x2.add (local.get $c30) (local.get $bv0)))
                    (local.set $c31 (f64x2.add (local.get $c31) (local.get $bv1)))))
                (if (i32.eq (local.get $mode) (i32.const 1))
                  (then
                    (local.set $c00 (f64x2.add (local.get $c00) (v128.load offset=0 (local.get $cp))))
                    (local.set $c01 (f64x2.add (local.get $c01) (v128.load offset=16 (local.get $cp))))))
                (v128.store offset=0 (local.get $cp) (local.get $c00))
                (v128.store offset=16 (local.get $cp) (local.get $c01))
                (local.set $cp (i32.add (local.get $cp) (i32.shl (local.get $n) (i32.const 3))))
                (if (i32.eq (local.get $mode) (i32.const 1))
                  (then
                    (local.set $c10 (f64x2.add (local.get $c10) (v128.load offset=0 (local.get $cp))))
                    (local.set $c11 (f64x2.add (local.get $c11) (v128.load offset=16 (local.get $cp))))))
                (v128.store offset=0 (local.get $cp) (local.get $c10))
                (v128.store offset=16 (local.get $cp) (local.get $c11))
                (local.set $cp (i32.add (local.get $cp) (i32.shl (local.get $n) (i32.const 3))))
                (if (i32.eq (local.get $mode) (i32.const 1))
                  (then
                    (local.set $c20 (f64x2.add (local.get $c20) (v128.load offset=0 (local.get $cp))))
                    (local.set $c21 (f64x2.add (local.get $c21) (v128.load offset=16 (local.get $cp))))))
                (v128.store offset=0 (local.get $cp) (local.get $c20))
                (v128.store offset=16 (local.get $cp) (local.get $c21))
                (local.set $cp (i32.add (local.get $cp) (i32.shl (local.get $n) (i32.const 3))))
                (if (i32.eq (local.get $mode) (i32.const 1))
                  (then
                    (local.set $c30 (f64x2.add (local.get $c30) (v128.load offset=0 (local.get $cp))))
                    (local.set $c31 (f64x2.add (local.get $c31) (v128.load offset=16 (local.get $cp))))))
                (v128.store offset=0 (local.get $cp) (local.get $c30))
                (v128.store offset=16 (local.get $cp) (local.get $c31)))
              (else
                ;; An edge tile: spill it to $t and store only the rows and columns inside the range.
                (v128.store offset=0 (local.get $t) (local.get $c00))
                (v128.store offset=16 (local.get $t) (local.get $c01))
                (v128.store offset=32 (local.get $t) (local.get $c10))
                (v128.store offset=48 (local.get $t) (local.get $c11))
                (v128.store offset=64 (local.get $t) (local.get $c20))
                (v128.store offset=80 (local.get $t) (local.get $c21))
                (v128.store offset=96 (local.get $t) (local.get $c30))
                (v128.store offset=112 (local.get $t) (local.get $c31))
                (local.set $rm (i32.sub (local.get $i_hi) (local.get $i0)))
                (if (i32.gt_u (local.get $rm) (i32.const 4)) (then (local.set $rm (i32.const 4))))
                (local.set $jm (i32.sub (local.get $j_hi) (local.get $j0)))
                (if (i32.gt_u (local.get $jm) (i32.const 4)) (then (local.set $jm (i32.const 4))))
                (local.set $r (i32.const 0))
                (loop $r_loop
                  (local.set $j (i32.const 0))
                  (loop $jj_loop
                    (local.set $cp
                      (i32.add (local.get $c)
                        (i32.shl
                          (i32.add (i32.mul (i32.add (local.get $i0) (local.get $r)) (local.get $n))
                            (i32.add (local.get $j0) (local.get $j)))
                          (i32.const 3))))
                    (local.set $x
                      (f64.load (i32.add (local.get $t)
                        (i32.shl (i32.add (i32.shl (local.get $r) (i32.const 2)) (local.get $j)) (i32.const 3)))))
                    (if (i32.eq (local.get $mode) (i32.const 1))
                      (then (local.set $x (f64.add (local.get $x) (f64.load (local.get $cp))))))
                    (if (i32.eq (local.get $mode) (i32.const 2))
                      (then (local.set $x (f64.add (local.get $x)
                        (f64.load (i32.add (local.get $bias)
                          (i32.shl (i32.add (local.get $j0) (local.get $j)) (i32.const 3))))))))
                    (f64.store (local.get $cp) (local.get $x))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (br_if $jj_loop (i32.lt_u (local.get $j) (local.get $jm))))
                  (local.set $r (i32.add (local.get $r) (i32.const 1)))
                  (br_if $r_loop (i32.lt_u (local.get $r) (local.get $rm))))))
            (local.set $j0 (i32.add (local.get $j0) (i32.const 4)))
            (br $j_loop)))
        (local.set $i0 (i32.add (local.get $i0) (i32.const 4)))
        (br $i_loop)))))

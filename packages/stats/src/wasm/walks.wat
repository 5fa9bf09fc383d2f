;; The two hot walks of the severity test (../severity.ts), as WebAssembly so that they run at
;; full speed from the first call (Liftoff) instead of waiting for V8 to optimise the JS loops.
;; Every flipped sum, share and severity is formed by the same IEEE f64 operations in the same
;; order as the JS reference (exactCount / monteCarloCount with t_crit < 0), so counts and
;; p-values are bit for bit the JS path's (severity-wasm.test.ts). All pointers are byte offsets.
;; The near-zero-variance two-pass fallback needs the sign pattern; it is rare and stays in JS
;; (the imported `fallback`). `pow` is JS's own Math.pow (the t CDF's x^a), so its bits are JS's.
(module
  (import "env" "fallback" (func $fallback (param i32 f64 i32) (result f64)))
  (import "env" "pow" (func $pow (param f64 f64) (result f64)))
  (memory (export "memory") 1)

  ;; The constants of one test (set by `setup`): 1/n, n(n−1), t_crit, t_crit², n−1, 1/√n.
  (global $invN (mut f64) (f64.const 0))
  (global $nnm1 (mut f64) (f64.const 0))
  (global $tc (mut f64) (f64.const 0))
  (global $tc2 (mut f64) (f64.const 0))
  (global $nm1 (mut f64) (f64.const 0))
  (global $invSqrtN (mut f64) (f64.const 0))

  (func (export "setup")
    (param $invN f64) (param $nnm1 f64) (param $tc f64) (param $tc2 f64) (param $nm1 f64)
    (param $invSqrtN f64)
    (global.set $invN (local.get $invN))
    (global.set $nnm1 (local.get $nnm1))
    (global.set $tc (local.get $tc))
    (global.set $tc2 (local.get $tc2))
    (global.set $nm1 (local.get $nm1))
    (global.set $invSqrtN (local.get $invSqrtN)))

  ;; severityShare of ../severity.ts past its prefilter (F < theta, t_crit < 0): slot k's share
  ;; of pattern j's severity for flipped sum F, with the slot's Σd², min(gate, 0) and SS floor.
  (func $share
    (param $k i32) (param $F f64) (param $j i32) (param $q f64) (param $g f64) (param $fl f64)
    (result f64)
    (local $m f64) (local $ss f64) (local $t f64)
    (local.set $m (f64.mul (local.get $F) (global.get $invN)))
    (local.set $ss (f64.sub (local.get $q) (f64.mul (local.get $F) (local.get $m))))
    (if (i32.eqz (f64.lt (local.get $m) (local.get $g))) (then (return (f64.const 0))))
    (if (i32.eqz
          (i32.or
            (f64.gt
              (f64.mul (f64.mul (global.get $nnm1) (local.get $m)) (local.get $m))
              (f64.mul (global.get $tc2) (local.get $ss)))
            (f64.le (local.get $ss) (local.get $fl))))
      (then (return (f64.const 0))))
    (if (f64.le (local.get $ss) (local.get $fl))
      (then (return (call $fallback (local.get $k) (local.get $F) (local.get $j)))))
    (local.set $t
      (f64.div
        (local.get $m)
        (f64.mul
          (f64.sqrt (f64.div (local.get $ss) (global.get $nm1)))
          (global.get $invSqrtN))))
    (if (result f64) (f64.lt (local.get $t) (global.get $tc))
      (then (f64.sub (global.get $tc) (local.get $t)))
      (else (f64.const 0))))

;; T[j] += share for the cnt candidate patterns of slot k (F at candF, f64; j at candJ, i32),
  ;; in order. Two candidates per f64x2: each lane takes $share's operations in its order (IEEE
  ;; lane by lane, so the same bits), and when either lane leaves $share's common path (gated
  ;; out, not below t_crit, or near zero variance) both go through $share itself. Out of the walk's
  ;; loop the divisions and square roots of many candidates overlap instead of waiting one by one
  ;; behind a rarely taken branch.
  (func $shares
    (param $k i32) (param $cnt i32) (param $candF i32) (param $candJ i32) (param $T i32)
    (param $q f64) (param $g f64) (param $fl f64)
    (local $i i32) (local $j i32) (local $tj i32) (local $F2 v128) (local $m2 v128) (local $ss2 v128)
    (local $t2 v128) (local $ok v128)
    (block $pairs_done
      (loop $pairs
        (br_if $pairs_done (i32.gt_u (i32.add (local.get $i) (i32.const 2)) (local.get $cnt)))
        (local.set $F2 (v128.load (i32.add (local.get $candF) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $m2 (f64x2.mul (local.get $F2) (f64x2.splat (global.get $invN))))
        (local.set $ss2 (f64x2.sub (f64x2.splat (local.get $q)) (f64x2.mul (local.get $F2) (local.get $m2))))
        (local.set $ok
          (v128.and (f64x2.lt (local.get $m2) (f64x2.splat (local.get $g)))
            (v128.and
              (f64x2.gt
                (f64x2.mul (f64x2.mul (f64x2.splat (global.get $nnm1)) (local.get $m2)) (local.get $m2))
                (f64x2.mul (f64x2.splat (global.get $tc2)) (local.get $ss2)))
              (f64x2.gt (local.get $ss2) (f64x2.splat (local.get $fl))))))
        (if (i32.eq (i64x2.bitmask (local.get $ok)) (i32.const 3))
          (then
            (local.set $t2
              (f64x2.div (local.get $m2)
                (f64x2.mul (f64x2.sqrt (f64x2.div (local.get $ss2) (f64x2.splat (global.get $nm1))))
                  (f64x2.splat (global.get $invSqrtN)))))
            (local.set $j (i32.load (i32.add (local.get $candJ) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $tj (i32.add (local.get $T) (i32.shl (local.get $j) (i32.const 3))))
            (if (f64.lt (f64x2.extract_lane 0 (local.get $t2)) (global.get $tc))
              (then (f64.store (local.get $tj) (f64.add (f64.load (local.get $tj))
                (f64.sub (global.get $tc) (f64x2.extract_lane 0 (local.get $t2)))))))
            (local.set $j (i32.load offset=4 (i32.add (local.get $candJ) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $tj (i32.add (local.get $T) (i32.shl (local.get $j) (i32.const 3))))
            (if (f64.lt (f64x2.extract_lane 1 (local.get $t2)) (global.get $tc))
              (then (f64.store (local.get $tj) (f64.add (f64.load (local.get $tj))
                (f64.sub (global.get $tc) (f64x2.extract_lane 1 (local.get $t2))))))))
          (else
            (call $share1 (local.get $k) (local.get $i) (local.get $candF) (local.get $candJ) (local.get $T)
              (local.get $q) (local.get $g) (local.get $fl))
            (call $share1 (local.get $k) (i32.add (local.get $i) (i32.const 1)) (local.get $candF) (local.get $candJ) (local.get $T)
              (local.get $q) (local.get $g) (local.get $fl))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $pairs)))
    (if (i32.lt_u (local.get $i) (local.get $cnt))
      (then (call $share1 (local.get $k) (local.get $i) (local.get $candF) (local.get $candJ) (local.get $T)
              (local.get $q) (local.get $g) (local.get $fl)))))

  (func $share1
    (param $k i32) (param $i i32) (param $candF i32) (param $candJ i32) (param $T i32)
    (param $q f64) (param $g f64) (param $fl f64)
    (local $j i32) (local $tj i32)
    (local.set $j (i32.load (i32.add (local.get $candJ) (i32.shl (local.get $i) (i32.const 2)))))
    (local.set $tj (i32.add (local.get $T) (i32.shl (local.get $j) (i32.const 3))))
    (f64.store (local.get $tj)
      (f64.add (f64.load (local.get $tj))
        (call $share (local.get $k) (f64.load (i32.add (local.get $candF) (i32.shl (local.get $i) (i32.const 3))))
          (local.get $j) (local.get $q) (local.get $g) (local.get $fl)))))

  ;; One chunk of the exact Gray-code walk for slots k … kEnd−1 (of K), slot by slot: F_k += factor_j·d[s_j, k] and
  ;; T[j] += share, with factor_j = −2·ε_old = ±2. Per slot the 2n products ±2·d[s, k] are formed
  ;; first at `step` (entry 2s: −2·d, 2s + 1: +2·d, the same multiplication the JS walk does per
  ;; pattern), so a pattern costs one load and one add: code[j] (i32) = (2·s_j + [factor_j > 0])·8.
  ;; d is seed-major (row stride K·8 bytes); F[k] holds the running sums and is left after the
  ;; chunk's last step.
  (func (export "exact_chunk")
    (param $K i32) (param $k i32) (param $kEnd i32) (param $n i32) (param $len i32) (param $d i32) (param $F i32) (param $theta i32)
    (param $sumSq i32) (param $gateNeg i32) (param $ssFloor i32) (param $code i32) (param $step i32)
    (param $T i32) (param $candF i32) (param $candJ i32)
    (local $j i32) (local $k8 i32) (local $at i32) (local $end i32) (local $s i32) (local $cnt i32)
    (local $row i32) (local $x f64) (local $Fk f64) (local $th f64) (local $q f64) (local $g f64)
    (local $fl f64)
    (local.set $row (i32.shl (local.get $K) (i32.const 3)))
    (local.set $end (i32.add (local.get $code) (i32.shl (local.get $len) (i32.const 2))))
    (block $slots_done
      (loop $slots
        (br_if $slots_done (i32.ge_u (local.get $k) (local.get $kEnd)))
        (local.set $k8 (i32.shl (local.get $k) (i32.const 3)))
        (local.set $s (i32.const 0))
        (local.set $at (i32.add (local.get $d) (local.get $k8)))
        (block $seeds_done
          (loop $seeds
            (br_if $seeds_done (i32.ge_u (local.get $s) (local.get $n)))
            (local.set $x (f64.load (local.get $at)))
            (f64.store (i32.add (local.get $step) (i32.shl (local.get $s) (i32.const 4)))
              (f64.mul (f64.const -2) (local.get $x)))
            (f64.store offset=8 (i32.add (local.get $step) (i32.shl (local.get $s) (i32.const 4)))
              (f64.mul (f64.const 2) (local.get $x)))
            (local.set $at (i32.add (local.get $at) (local.get $row)))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br $seeds)))
        (local.set $Fk (f64.load (i32.add (local.get $F) (local.get $k8))))
        (local.set $th (f64.load (i32.add (local.get $theta) (local.get $k8))))
        (local.set $q (f64.load (i32.add (local.get $sumSq) (local.get $k8))))
        (local.set $g (f64.load (i32.add (local.get $gateNeg) (local.get $k8))))
        (local.set $fl (f64.load (i32.add (local.get $ssFloor) (local.get $k8))))
        ;; The steps first, branch-free: every pattern's F goes to candF[cnt] and its index to
        ;; candJ[cnt], and cnt advances only when F is below theta (about 1 pattern in 20), so the
        ;; rare, unpredictable "below theta" costs no branch; then the shares of the candidates,
        ;; in pattern order, as the one loop did them (the same F, the same share, the same T[j] +).
        (local.set $at (local.get $code))
        (local.set $cnt (i32.const 0))
        (local.set $j (i32.const 0))
        (block $steps_done
          (loop $steps
            (br_if $steps_done (i32.ge_u (local.get $at) (local.get $end)))
            (local.set $Fk
              (f64.add (local.get $Fk)
                (f64.load (i32.add (local.get $step) (i32.load (local.get $at))))))
            (f64.store (i32.add (local.get $candF) (i32.shl (local.get $cnt) (i32.const 3)))
              (local.get $Fk))
            (i32.store (i32.add (local.get $candJ) (i32.shl (local.get $cnt) (i32.const 2)))
              (local.get $j))
            (local.set $cnt
              (i32.add (local.get $cnt) (f64.lt (local.get $Fk) (local.get $th))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (local.set $at (i32.add (local.get $at) (i32.const 4)))
            (br $steps)))
        (call $shares (local.get $k) (local.get $cnt) (local.get $candF) (local.get $candJ)
          (local.get $T) (local.get $q) (local.get $g) (local.get $fl))
        (f64.store (i32.add (local.get $F) (local.get $k8)) (local.get $Fk))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $slots))))

  ;; One chunk of Monte-Carlo draws on up to 32 seeds for slots k … kEnd−1 (of K), slot by slot: the slot's four 8-seed
  ;; subset-sum tables (256 f64 each, entry 0 zero, at `table`) from its column of d, then per
  ;; draw F = Σd − 2·((t[m0] + t[m1]) + (t[m2] + t[m3])) and T[j] += share. masks holds four i32
  ;; table indices per draw (block·256 + the block's negative-seed mask).
  (func (export "mc_chunk")
    (param $K i32) (param $k i32) (param $kEnd i32) (param $n i32) (param $len i32) (param $d i32) (param $rowSum i32)
    (param $theta i32) (param $sumSq i32) (param $gateNeg i32) (param $ssFloor i32)
    (param $masks i32) (param $table i32) (param $T i32) (param $candF i32) (param $candJ i32)
    (local $j i32) (local $k8 i32) (local $col i32) (local $row i32) (local $cnt i32)
    (local $lo i32) (local $off i32) (local $end i32) (local $mask i32) (local $low i32)
    (local $o i32) (local $r f64) (local $Fk f64) (local $th f64) (local $q f64) (local $g f64)
    (local $fl f64)
    (local.set $row (i32.shl (local.get $K) (i32.const 3)))
    (block $slots_done
      (loop $slots
        (br_if $slots_done (i32.ge_u (local.get $k) (local.get $kEnd)))
        (local.set $k8 (i32.shl (local.get $k) (i32.const 3)))
        (local.set $col (i32.add (local.get $d) (local.get $k8)))
        ;; blockSums: table[off + mask] = table[off + (mask ^ low)] + d[lo + ctz(low), k].
        (local.set $lo (i32.const 0))
        (local.set $off (local.get $table))
        (block $blocks_done
          (loop $blocks
            (br_if $blocks_done (i32.ge_u (local.get $lo) (local.get $n)))
            (local.set $end
              (i32.shl (i32.const 1)
                (select (i32.const 8) (i32.sub (local.get $n) (local.get $lo))
                  (i32.lt_u (i32.const 8) (i32.sub (local.get $n) (local.get $lo))))))
            (local.set $mask (i32.const 1))
            (block $masks_done
              (loop $subsets
                (br_if $masks_done (i32.ge_u (local.get $mask) (local.get $end)))
                (local.set $low
                  (i32.and (local.get $mask) (i32.sub (i32.const 0) (local.get $mask))))
                (f64.store
                  (i32.add (local.get $off) (i32.shl (local.get $mask) (i32.const 3)))
                  (f64.add
                    (f64.load
                      (i32.add (local.get $off)
                        (i32.shl (i32.xor (local.get $mask) (local.get $low)) (i32.const 3))))
                    (f64.load
                      (i32.add (local.get $col)
                        (i32.mul
                          (i32.add (local.get $lo) (i32.ctz (local.get $low)))
                          (local.get $row))))))
                (local.set $mask (i32.add (local.get $mask) (i32.const 1)))
                (br $subsets)))
            (local.set $lo (i32.add (local.get $lo) (i32.const 8)))
            (local.set $off (i32.add (local.get $off) (i32.const 2048)))
            (br $blocks)))
        (local.set $r (f64.load (i32.add (local.get $rowSum) (local.get $k8))))
        (local.set $th (f64.load (i32.add (local.get $theta) (local.get $k8))))
        (local.set $q (f64.load (i32.add (local.get $sumSq) (local.get $k8))))
        (local.set $g (f64.load (i32.add (local.get $gateNeg) (local.get $k8))))
        (local.set $fl (f64.load (i32.add (local.get $ssFloor) (local.get $k8))))
        (local.set $j (i32.const 0))
        (local.set $cnt (i32.const 0))
        (local.set $o (local.get $masks))
        (block $draws_done
          (loop $draws
            (br_if $draws_done (i32.ge_u (local.get $j) (local.get $len)))
            (local.set $Fk
              (f64.sub
                (local.get $r)
                (f64.mul
                  (f64.const 2)
                  (f64.add
                    (f64.add
                      (f64.load (i32.add (local.get $table)
                        (i32.shl (i32.load (local.get $o)) (i32.const 3))))
                      (f64.load (i32.add (local.get $table)
                        (i32.shl (i32.load offset=4 (local.get $o)) (i32.const 3)))))
                    (f64.add
                      (f64.load (i32.add (local.get $table)
                        (i32.shl (i32.load offset=8 (local.get $o)) (i32.const 3))))
                      (f64.load (i32.add (local.get $table)
                        (i32.shl (i32.load offset=12 (local.get $o)) (i32.const 3)))))))))
            (f64.store (i32.add (local.get $candF) (i32.shl (local.get $cnt) (i32.const 3)))
              (local.get $Fk))
            (i32.store (i32.add (local.get $candJ) (i32.shl (local.get $cnt) (i32.const 2)))
              (local.get $j))
            (local.set $cnt
              (i32.add (local.get $cnt) (f64.lt (local.get $Fk) (local.get $th))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $draws)))
        (call $shares (local.get $k) (local.get $cnt) (local.get $candF) (local.get $candJ)
          (local.get $T) (local.get $q) (local.get $g) (local.get $fl))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $slots))))

  ;; prepare's per-seed pass of ../severity.ts, first half: the largest |value| of each slot k
;; (baseline then current: the n values of slot k's run r start at byte i32[idx + 16k + 8r] and
;; lie i32[idx + 16k + 8r + 4] bytes apart, in seed order) into maxAbs[k]; returns how many
;; values are not finite (x − x ≠ 0), so the caller can report the first one as its JS check does.
  (func (export "slot_max_abs")
    (param $K i32) (param $n i32) (param $idx i32) (param $maxAbs i32) (result i32)
    (local $k i32) (local $at i32) (local $stride i32) (local $s i32) (local $m f64) (local $x f64)
    (local $bad i32) (local $run i32) (local $pair i32)
    (block $slots_done
      (loop $slots
        (br_if $slots_done (i32.ge_u (local.get $k) (local.get $K)))
        (local.set $m (f64.const 0))
        (local.set $run (i32.const 0))
        (block $runs_done
          (loop $runs
            (br_if $runs_done (i32.ge_u (local.get $run) (i32.const 2)))
            (local.set $pair
              (i32.add (local.get $idx)
                (i32.add (i32.shl (local.get $k) (i32.const 4)) (i32.shl (local.get $run) (i32.const 3)))))
            (local.set $at (i32.load (local.get $pair)))
            (local.set $stride (i32.load offset=4 (local.get $pair)))
            (local.set $s (i32.const 0))
            (block $done
              (loop $each
                (br_if $done (i32.ge_u (local.get $s) (local.get $n)))
                (local.set $x (f64.load (local.get $at)))
                (local.set $bad
                  (i32.add (local.get $bad)
                    (f64.ne (f64.sub (local.get $x) (local.get $x)) (f64.const 0))))
                (local.set $x (f64.abs (local.get $x)))
                (if (f64.gt (local.get $x) (local.get $m)) (then (local.set $m (local.get $x))))
                (local.set $at (i32.add (local.get $at) (local.get $stride)))
                (local.set $s (i32.add (local.get $s) (i32.const 1)))
                (br $each)))
            (local.set $run (i32.add (local.get $run) (i32.const 1)))
            (br $runs)))
        (f64.store
          (i32.add (local.get $maxAbs) (i32.shl (local.get $k) (i32.const 3))) (local.get $m))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $slots)))
    (local.get $bad))

  ;; Mean and sample sd (n − 1) of the n values x·a·b at at, at + stride, … (seed order, two
  ;; passes: sampleMeanSd), each scaled back by ·u1·u2, stored at out and out + 8.
  (func $meanSd
    (param $at i32) (param $stride i32) (param $n i32) (param $a f64) (param $b f64) (param $u1 f64)
    (param $u2 f64) (param $out i32)
    (local $s i32) (local $sum f64) (local $mean f64) (local $ss f64) (local $dev f64)
    (local $nf f64) (local $p i32)
    (local.set $nf (f64.convert_i32_u (local.get $n)))
    (local.set $p (local.get $at))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $s) (local.get $n)))
        (local.set $sum
          (f64.add (local.get $sum)
            (f64.mul (f64.mul (f64.load (local.get $p)) (local.get $a)) (local.get $b))))
        (local.set $p (i32.add (local.get $p) (local.get $stride)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $each)))
    (local.set $mean (f64.div (local.get $sum) (local.get $nf)))
    (local.set $s (i32.const 0))
    (local.set $p (local.get $at))
    (block $done2
      (loop $each2
        (br_if $done2 (i32.ge_u (local.get $s) (local.get $n)))
        (local.set $dev
          (f64.sub
            (f64.mul (f64.mul (f64.load (local.get $p)) (local.get $a)) (local.get $b))
            (local.get $mean)))
        (local.set $ss (f64.add (local.get $ss) (f64.mul (local.get $dev) (local.get $dev))))
        (local.set $p (i32.add (local.get $p) (local.get $stride)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $each2)))
    (f64.store (local.get $out)
      (f64.mul (f64.mul (local.get $mean) (local.get $u1)) (local.get $u2)))
    (f64.store offset=8 (local.get $out)
      (f64.mul
        (f64.mul
          (f64.sqrt (f64.div (local.get $ss) (f64.sub (local.get $nf) (f64.const 1))))
          (local.get $u1))
        (local.get $u2))))

  ;; prepare's per-seed pass, second half, and the observed per-slot statistics of checkRegression,
  ;; for every slot k with its factors at coef + 48k (f64: g = sign·f1, f1, f2, u1, u2, unused)
  ;; and its values where slot_max_abs reads them (the four i32 at idx + 16k):
  ;; goodness·2^−e = (x·g)·f2, d = gc − gb seed-major at d, Σd, Σd², Σ gb and "all d are 0" as
  ;; four arrays of K at sums; the observed mean and sd of d (raw units ·u1·u2), of baseline and of current
  ;; values ((x·f1)·f2, scaled back) at stats + 64k (mean d, sd d in scaled units, then raw mean
  ;; and sd of d, baseline, current).
  (func (export "slot_sums")
    (param $K i32) (param $n i32) (param $idx i32) (param $coef i32) (param $d i32)
    (param $sums i32) (param $stats i32)
    (local $k i32) (local $s i32) (local $c i32) (local $bk i32) (local $ck i32) (local $o i32)
    (local $bs i32) (local $cs i32) (local $pb i32) (local $pc i32) (local $pair i32)
    (local $g f64) (local $f1 f64) (local $f2 f64) (local $u1 f64) (local $u2 f64)
    (local $gb f64) (local $gc f64) (local $diff f64) (local $baseSum f64) (local $rowSum f64)
    (local $sumSq f64) (local $zero f64) (local $mean f64) (local $ss f64) (local $sd f64)
    (local $nf f64) (local $at i32) (local $row i32) (local $st i32)
    (local.set $nf (f64.convert_i32_u (local.get $n)))
    (local.set $row (i32.shl (local.get $K) (i32.const 3)))
    (block $slots_done
      (loop $slots
        (br_if $slots_done (i32.ge_u (local.get $k) (local.get $K)))
        (local.set $c (i32.add (local.get $coef) (i32.mul (local.get $k) (i32.const 48))))
        (local.set $g (f64.load (local.get $c)))
        (local.set $f1 (f64.load offset=8 (local.get $c)))
        (local.set $f2 (f64.load offset=16 (local.get $c)))
        (local.set $u1 (f64.load offset=24 (local.get $c)))
        (local.set $u2 (f64.load offset=32 (local.get $c)))
        (local.set $pair (i32.add (local.get $idx) (i32.shl (local.get $k) (i32.const 4))))
        (local.set $bk (i32.load (local.get $pair)))
        (local.set $bs (i32.load offset=4 (local.get $pair)))
        (local.set $ck (i32.load offset=8 (local.get $pair)))
        (local.set $cs (i32.load offset=12 (local.get $pair)))
        (local.set $pb (local.get $bk))
        (local.set $pc (local.get $ck))
        (local.set $baseSum (f64.const 0))
        (local.set $rowSum (f64.const 0))
        (local.set $sumSq (f64.const 0))
        (local.set $zero (f64.const 1))
        (local.set $at (i32.add (local.get $d) (i32.shl (local.get $k) (i32.const 3))))
        (local.set $s (i32.const 0))
        (block $seeds_done
          (loop $seeds
            (br_if $seeds_done (i32.ge_u (local.get $s) (local.get $n)))
            (local.set $gb
              (f64.mul (f64.mul (f64.load (local.get $pb)) (local.get $g)) (local.get $f2)))
            (local.set $gc
              (f64.mul (f64.mul (f64.load (local.get $pc)) (local.get $g)) (local.get $f2)))
            (local.set $pb (i32.add (local.get $pb) (local.get $bs)))
            (local.set $pc (i32.add (local.get $pc) (local.get $cs)))
            (local.set $diff (f64.sub (local.get $gc) (local.get $gb)))
            (f64.store (local.get $at) (local.get $diff))
            (local.set $baseSum (f64.add (local.get $baseSum) (local.get $gb)))
            (local.set $rowSum (f64.add (local.get $rowSum) (local.get $diff)))
            (local.set $sumSq
              (f64.add (local.get $sumSq) (f64.mul (local.get $diff) (local.get $diff))))
            (if (f64.ne (local.get $diff) (f64.const 0)) (then (local.set $zero (f64.const 0))))
            (local.set $at (i32.add (local.get $at) (local.get $row)))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br $seeds)))
        (local.set $o (i32.add (local.get $sums) (i32.shl (local.get $k) (i32.const 3))))
        (f64.store (local.get $o) (local.get $rowSum))
        (local.set $o (i32.add (local.get $o) (local.get $row)))
        (f64.store (local.get $o) (local.get $sumSq))
        (local.set $o (i32.add (local.get $o) (local.get $row)))
        (f64.store (local.get $o) (local.get $baseSum))
        (local.set $o (i32.add (local.get $o) (local.get $row)))
        (f64.store (local.get $o) (local.get $zero))
        ;; sampleMeanSd of the d column: the sum in seed order is rowSum's.
        (local.set $mean (f64.div (local.get $rowSum) (local.get $nf)))
        (local.set $ss (f64.const 0))
        (local.set $at (i32.add (local.get $d) (i32.shl (local.get $k) (i32.const 3))))
        (local.set $s (i32.const 0))
        (block $dev_done
          (loop $devs
            (br_if $dev_done (i32.ge_u (local.get $s) (local.get $n)))
            (local.set $diff (f64.sub (f64.load (local.get $at)) (local.get $mean)))
            (local.set $ss (f64.add (local.get $ss) (f64.mul (local.get $diff) (local.get $diff))))
            (local.set $at (i32.add (local.get $at) (local.get $row)))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br $devs)))
        (local.set $sd (f64.sqrt (f64.div (local.get $ss) (f64.sub (local.get $nf) (f64.const 1)))))
        (local.set $st (i32.add (local.get $stats) (i32.shl (local.get $k) (i32.const 6))))
        (f64.store (local.get $st) (local.get $mean))
        (f64.store offset=8 (local.get $st) (local.get $sd))
        (f64.store offset=16 (local.get $st)
          (f64.mul (f64.mul (local.get $mean) (local.get $u1)) (local.get $u2)))
        (f64.store offset=24 (local.get $st)
          (f64.mul (f64.mul (local.get $sd) (local.get $u1)) (local.get $u2)))
        (call $meanSd (local.get $bk) (local.get $bs) (local.get $n) (local.get $f1) (local.get $f2)
          (local.get $u1) (local.get $u2) (i32.add (local.get $st) (i32.const 32)))
        (call $meanSd (local.get $ck) (local.get $cs) (local.get $n) (local.get $f1) (local.get $f2)
          (local.get $u1) (local.get $u2) (i32.add (local.get $st) (i32.const 48)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $slots))))

  ;; drawChunk of ../severity.ts for the fused walk (8-seed blocks, 4 per draw) with the sign
  ;; stream's own generator: seedrandom's alea (s0, s1, s2, c as f64 at state, read and written
  ;; back), stepped by the same f64 operations (t = 2091639·s0 + c·2^−32, c = t | 0, s2 = t − c)
  ;; and sign() = −1 iff bit 0 of (s2·2^32) | 0 is set, one per seed in seed order.
  (func (export "mc_draw")
    (param $n i32) (param $len i32) (param $masks i32) (param $state i32)
    (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $c f64) (local $t f64)
    (local $j i32) (local $s i32) (local $o i32) (local $at i32)
    (local.set $s0 (f64.load (local.get $state)))
    (local.set $s1 (f64.load offset=8 (local.get $state)))
    (local.set $s2 (f64.load offset=16 (local.get $state)))
    (local.set $c (f64.load offset=24 (local.get $state)))
    (local.set $o (local.get $masks))
    (block $draws_done
      (loop $draws
        (br_if $draws_done (i32.ge_u (local.get $j) (local.get $len)))
        (i32.store (local.get $o) (i32.const 0))
        (i32.store offset=4 (local.get $o) (i32.const 256))
        (i32.store offset=8 (local.get $o) (i32.const 512))
        (i32.store offset=12 (local.get $o) (i32.const 768))
        (local.set $s (i32.const 0))
        (block $seeds_done
          (loop $seeds
            (br_if $seeds_done (i32.ge_u (local.get $s) (local.get $n)))
            (local.set $t
              (f64.add
                (f64.mul (f64.const 2091639) (local.get $s0))
                (f64.mul (local.get $c) (f64.const 2.3283064365386963e-10))))
            (local.set $s0 (local.get $s1))
            (local.set $s1 (local.get $s2))
            ;; 0 ≤ t < 2^31, so t | 0 is the truncation.
            (local.set $c (f64.convert_i32_s (i32.trunc_f64_s (local.get $t))))
            (local.set $s2 (f64.sub (local.get $t) (local.get $c)))
            (if (i32.wrap_i64
                  (i64.and
                    (i64.trunc_f64_s (f64.mul (local.get $s2) (f64.const 4294967296)))
                    (i64.const 1)))
              (then
                (local.set $at
                  (i32.add (local.get $o) (i32.shl (i32.shr_u (local.get $s) (i32.const 3))
                    (i32.const 2))))
                (i32.store (local.get $at)
                  (i32.add (i32.load (local.get $at))
                    (i32.shl (i32.const 1) (i32.and (local.get $s) (i32.const 7)))))))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br $seeds)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $draws)))
    (f64.store (local.get $state) (local.get $s0))
    (f64.store offset=8 (local.get $state) (local.get $s1))
    (f64.store offset=16 (local.get $state) (local.get $s2))
    (f64.store offset=24 (local.get $state) (local.get $c)))

  ;; betaContinuedFraction of ../student-t.ts (modified Lentz, at most 300 rounds, stop when
  ;; |del − 1| < 2e-16): the same f64 operations in the same order, so the same bits.
  (func $beta_cf (export "beta_cf") (param $a f64) (param $b f64) (param $x f64) (result f64)
    (local $qab f64) (local $qap f64) (local $qam f64) (local $c f64) (local $d f64)
    (local $h f64) (local $m f64) (local $m2 f64) (local $aa f64) (local $del f64)
    (local.set $qab (f64.add (local.get $a) (local.get $b)))
    (local.set $qap (f64.add (local.get $a) (f64.const 1)))
    (local.set $qam (f64.sub (local.get $a) (f64.const 1)))
    (local.set $c (f64.const 1))
    (local.set $d
      (f64.sub (f64.const 1)
        (f64.div (f64.mul (local.get $qab) (local.get $x)) (local.get $qap))))
    (if (f64.lt (f64.abs (local.get $d)) (f64.const 1e-300)) (then (local.set $d (f64.const 1e-300))))
    (local.set $d (f64.div (f64.const 1) (local.get $d)))
    (local.set $h (local.get $d))
    (local.set $m (f64.const 1))
    (block $done
      (loop $rounds
        (br_if $done (i32.eqz (f64.le (local.get $m) (f64.const 300))))
        (local.set $m2 (f64.mul (f64.const 2) (local.get $m)))
        (local.set $aa
          (f64.div
            (f64.mul (f64.mul (local.get $m) (f64.sub (local.get $b) (local.get $m))) (local.get $x))
            (f64.mul (f64.add (local.get $qam) (local.get $m2)) (f64.add (local.get $a) (local.get $m2)))))
        (local.set $d (f64.add (f64.const 1) (f64.mul (local.get $aa) (local.get $d))))
        (if (f64.lt (f64.abs (local.get $d)) (f64.const 1e-300)) (then (local.set $d (f64.const 1e-300))))
        (local.set $c (f64.add (f64.const 1) (f64.div (local.get $aa) (local.get $c))))
        (if (f64.lt (f64.abs (local.get $c)) (f64.const 1e-300)) (then (local.set $c (f64.const 1e-300))))
        (local.set $d (f64.div (f64.const 1) (local.get $d)))
        (local.set $h (f64.mul (local.get $h) (f64.mul (local.get $d) (local.get $c))))
        (local.set $aa
          (f64.div
            (f64.mul
              (f64.mul (f64.neg (f64.add (local.get $a) (local.get $m))) (f64.add (local.get $qab) (local.get $m)))
              (local.get $x))
            (f64.mul (f64.add (local.get $a) (local.get $m2)) (f64.add (local.get $qap) (local.get $m2)))))
        (local.set $d (f64.add (f64.const 1) (f64.mul (local.get $aa) (local.get $d))))
        (if (f64.lt (f64.abs (local.get $d)) (f64.const 1e-300)) (then (local.set $d (f64.const 1e-300))))
        (local.set $c (f64.add (f64.const 1) (f64.div (local.get $aa) (local.get $c))))
        (if (f64.lt (f64.abs (local.get $c)) (f64.const 1e-300)) (then (local.set $c (f64.const 1e-300))))
        (local.set $d (f64.div (f64.const 1) (local.get $d)))
        (local.set $del (f64.mul (local.get $d) (local.get $c)))
        (local.set $h (f64.mul (local.get $h) (local.get $del)))
        (br_if $done (f64.lt (f64.abs (f64.sub (local.get $del) (f64.const 1))) (f64.const 2e-16)))
        (local.set $m (f64.add (local.get $m) (f64.const 1)))
        (br $rounds)))
    (local.get $h))

;; tCdfIntegerDf of ../student-t.ts: Student's t CDF at t for integer df nu ≤ 200 through the
  ;; continued fraction on x = nu/(nu + t²) or on 1 − x = t²/(nu + t²), with beta = B(nu/2, ½):
  ;; the same f64 operations in the same order (x^a and y^½ through JS's Math.pow), so the same bits.
  (func $tcdf (param $t f64) (param $nu f64) (param $beta f64) (result f64)
    (local $a f64) (local $t2 f64) (local $x f64) (local $y f64) (local $front f64) (local $tail f64)
    (if (f64.ne (local.get $t) (local.get $t)) (then (return (local.get $t))))
    (if (f64.eq (local.get $t) (f64.const 0)) (then (return (f64.const 0.5))))
    (if (f64.eq (f64.abs (local.get $t)) (f64.const inf))
      (then (return (select (f64.const 1) (f64.const 0) (f64.gt (local.get $t) (f64.const 0))))))
    (local.set $a (f64.div (local.get $nu) (f64.const 2)))
    (local.set $t2 (f64.mul (local.get $t) (local.get $t)))
    (local.set $x (f64.div (local.get $nu) (f64.add (local.get $nu) (local.get $t2))))
    (local.set $y (f64.div (local.get $t2) (f64.add (local.get $nu) (local.get $t2))))
    (if (i32.or
          (f64.lt (local.get $x)
            (f64.div (f64.add (local.get $a) (f64.const 1)) (f64.add (local.get $a) (f64.const 2.5))))
          (i32.and (f64.lt (local.get $x) (f64.const 0.999))
            (f64.gt (f64.mul (local.get $y) (f64.add (local.get $a) (f64.const 2.5))) (f64.const 0.3))))
      (then
        (local.set $front
          (f64.div (f64.mul (call $pow (local.get $x) (local.get $a)) (f64.sqrt (local.get $y)))
            (local.get $beta)))
        (local.set $tail
          (f64.div
            (f64.mul (f64.mul (f64.const 0.5) (local.get $front))
              (call $beta_cf (local.get $a) (f64.const 0.5) (local.get $x)))
            (local.get $a))))
      (else
        (local.set $front
          (f64.div (f64.mul (call $pow (local.get $y) (f64.const 0.5)) (call $pow (local.get $x) (local.get $a)))
            (local.get $beta)))
        (local.set $tail
          (f64.mul (f64.const 0.5)
            (f64.sub (f64.const 1)
              (f64.div (f64.mul (local.get $front) (call $beta_cf (f64.const 0.5) (local.get $a) (local.get $y)))
                (f64.const 0.5)))))))
    (select (local.get $tail) (f64.sub (f64.const 1) (local.get $tail)) (f64.lt (local.get $t) (f64.const 0))))

  ;; checkRegression's per-slot results (../severity.ts), slot k in order: from m, sd at
  ;; stats + 64k, the slot's magnitude and effect denominator, into out + 64k: tRaw, tStat, p,
  ;; effect, contribution, zero variance (0/1), flagged (0/1). p is the t CDF at tRaw with df nu
  ;; (`cdf` = 1; B(nu/2, ½) in `beta`) or NaN (`cdf` = 0); `gate` = 0 when there is no min_effect,
  ;; else a slot counts when effect < negMinEffect. Returns the severity, summed in slot order.
  (func (export "slot_results")
    (param $K i32) (param $stats i32) (param $magnitude i32) (param $denom i32) (param $out i32)
    (param $sqrtN f64) (param $zeroSd f64) (param $zeroT f64) (param $cdf i32) (param $nu f64)
    (param $beta f64) (param $tc f64) (param $gate i32) (param $negMinEffect f64) (result f64)
    (local $k i32) (local $m f64) (local $sd f64) (local $tRaw f64) (local $zero i32)
    (local $tStat f64) (local $p f64) (local $effect f64) (local $gateOk i32) (local $c f64)
    (local $severity f64)
    (block $done
      (loop $slots
        (br_if $done (i32.ge_u (local.get $k) (local.get $K)))
        (local.set $m (f64.load (local.get $stats)))
        (local.set $sd (f64.load offset=8 (local.get $stats)))
        (local.set $tRaw (f64.div (local.get $m) (f64.div (local.get $sd) (local.get $sqrtN))))
        (local.set $zero
          (i32.or
            (f64.lt (local.get $sd) (f64.mul (local.get $zeroSd) (f64.load (local.get $magnitude))))
            (f64.eq (local.get $sd) (f64.const 0))))
        (if (local.get $zero)
          (then
            (local.set $tStat
              (select (f64.neg (local.get $zeroT))
                (select (local.get $zeroT) (f64.const 0) (f64.gt (local.get $m) (f64.const 0)))
                (f64.lt (local.get $m) (f64.const 0))))
            (local.set $p (select (f64.const 0) (f64.const 1) (f64.lt (local.get $m) (f64.const 0)))))
          (else
            (local.set $tStat (local.get $tRaw))
            (local.set $p
              (if (result f64) (local.get $cdf)
                (then (call $tcdf (local.get $tRaw) (local.get $nu) (local.get $beta)))
                (else (f64.const nan))))))
        (local.set $effect (f64.div (local.get $m) (f64.load (local.get $denom))))
        (local.set $gateOk
          (i32.or (i32.eqz (local.get $gate)) (f64.lt (local.get $effect) (local.get $negMinEffect))))
        (local.set $c
          (select (f64.max (f64.const 0) (f64.sub (local.get $tc) (local.get $tStat))) (f64.const 0)
            (local.get $gateOk)))
        (local.set $severity (f64.add (local.get $severity) (local.get $c)))
        (f64.store (local.get $out) (local.get $tRaw))
        (f64.store offset=8 (local.get $out) (local.get $tStat))
        (f64.store offset=16 (local.get $out) (local.get $p))
        (f64.store offset=24 (local.get $out) (local.get $effect))
        (f64.store offset=32 (local.get $out) (local.get $c))
        (f64.store offset=40 (local.get $out) (f64.convert_i32_u (local.get $zero)))
        (f64.store offset=48 (local.get $out)
          (f64.convert_i32_u (i32.and (f64.lt (local.get $tRaw) (local.get $tc)) (local.get $gateOk))))
        (local.set $stats (i32.add (local.get $stats) (i32.const 64)))
        (local.set $out (i32.add (local.get $out) (i32.const 64)))
        (local.set $magnitude (i32.add (local.get $magnitude) (i32.const 8)))
        (local.set $denom (i32.add (local.get $denom) (i32.const 8)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $slots)))
    (local.get $severity))

;; prepare of ../severity.ts: per slot k, from its baseline goodness sum, magnitude and Σd²,
  ;; the arrays the walks read, K f64 each from `out`: SS floor, zero-variance cut, gate on the
  ;; mean, effect denominator, denominator at its floor (0/1), min(gate, 0), theta. `gate` = 0
  ;; when there is no min_effect (gate +∞), else the gate is negMinEffect·denominator. The same
  ;; operations in the same order as the JS loops ((ZERO_SD·mag)² through JS's Math.pow).
  (func (export "prepare")
    (param $K i32) (param $n f64) (param $baseSum i32) (param $magnitude i32) (param $sumSq i32)
    (param $out i32) (param $effectEps f64) (param $zeroSd f64) (param $gate i32)
    (param $negMinEffect f64) (param $tc f64)
    (local $k i32) (local $at i32) (local $K8 i32) (local $mag f64) (local $baseMean f64)
    (local $floor f64) (local $den f64) (local $zv f64) (local $fl f64) (local $g f64) (local $gn f64)
    (local $q f64) (local $tc2 f64) (local $fStar f64) (local $fFloor f64) (local $t f64)
    (local.set $K8 (i32.shl (local.get $K) (i32.const 3)))
    (local.set $tc2 (f64.mul (local.get $tc) (local.get $tc)))
    (block $done
      (loop $slots
        (br_if $done (i32.ge_u (local.get $k) (local.get $K)))
        (local.set $at (i32.shl (local.get $k) (i32.const 3)))
        (local.set $mag (f64.load (i32.add (local.get $magnitude) (local.get $at))))
        (local.set $baseMean
          (f64.abs (f64.div (f64.load (i32.add (local.get $baseSum) (local.get $at))) (local.get $n))))
        (local.set $floor (f64.mul (local.get $effectEps) (local.get $mag)))
        (local.set $den (f64.max (local.get $baseMean) (local.get $floor)))
        ;; `|| 1`: 0, −0 and NaN become 1.
        (if (i32.or (f64.eq (local.get $den) (f64.const 0)) (f64.ne (local.get $den) (local.get $den)))
          (then (local.set $den (f64.const 1))))
        (local.set $zv (call $pow (f64.mul (local.get $zeroSd) (local.get $mag)) (f64.const 2)))
        (local.set $q (f64.load (i32.add (local.get $sumSq) (local.get $at))))
        (local.set $fl
          (f64.max (f64.mul (f64.const 1e-6) (local.get $q)) (f64.mul (local.get $zv) (local.get $n))))
        (local.set $g
          (if (result f64) (local.get $gate)
            (then (f64.mul (local.get $negMinEffect) (local.get $den)))
            (else (f64.const inf))))
        (local.set $gn (f64.min (local.get $g) (f64.const 0)))
        (local.set $fStar
          (f64.mul (f64.neg (f64.sqrt (local.get $tc2)))
            (f64.sqrt
              (f64.div (f64.mul (local.get $n) (local.get $q))
                (f64.add (f64.sub (local.get $n) (f64.const 1)) (local.get $tc2))))))
        (local.set $fFloor
          (f64.neg (f64.sqrt (f64.mul (local.get $n)
            (f64.max (f64.sub (local.get $q) (local.get $fl)) (f64.const 0))))))
        (local.set $t
          (f64.min (f64.max (local.get $fStar) (local.get $fFloor)) (f64.mul (local.get $n) (local.get $gn))))
        (local.set $at (i32.add (local.get $out) (local.get $at)))
        (f64.store (local.get $at) (local.get $fl))
        (local.set $at (i32.add (local.get $at) (local.get $K8)))
        (f64.store (local.get $at) (local.get $zv))
        (local.set $at (i32.add (local.get $at) (local.get $K8)))
        (f64.store (local.get $at) (local.get $g))
        (local.set $at (i32.add (local.get $at) (local.get $K8)))
        (f64.store (local.get $at) (local.get $den))
        (local.set $at (i32.add (local.get $at) (local.get $K8)))
        (f64.store (local.get $at)
          (f64.convert_i32_u
            (i32.or (f64.lt (local.get $baseMean) (local.get $floor)) (f64.eq (local.get $mag) (f64.const 0)))))
        (local.set $at (i32.add (local.get $at) (local.get $K8)))
        (f64.store (local.get $at) (local.get $gn))
        (local.set $at (i32.add (local.get $at) (local.get $K8)))
        (f64.store (local.get $at)
          (f64.add (f64.add (local.get $t) (f64.mul (f64.abs (local.get $t)) (f64.const 1e-9)))
            (f64.const 0x0.0000000000001p-1022)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $slots)))
  )

;; observedSeverity of ../severity.ts (t_crit < 0): the identity pattern's severity, Σ_k in
  ;; slot order of slot k's share at its observed sum F[k], with severityShare's prefilter
  ;; (F < theta) and `$share` (its near-zero-variance fallback through the imported `fallback`
  ;; with pattern 0, which the caller sets to the all-plus signs).
  (func (export "observed")
    (param $K i32) (param $F i32) (param $theta i32) (param $sumSq i32) (param $gateNeg i32)
    (param $ssFloor i32) (result f64)
    (local $k i32) (local $at i32) (local $f f64) (local $T f64)
    (block $done
      (loop $slots
        (br_if $done (i32.ge_u (local.get $k) (local.get $K)))
        (local.set $at (i32.shl (local.get $k) (i32.const 3)))
        (local.set $f (f64.load (i32.add (local.get $F) (local.get $at))))
        (if (f64.lt (local.get $f) (f64.load (i32.add (local.get $theta) (local.get $at))))
          (then
            (local.set $T
              (f64.add (local.get $T)
                (call $share (local.get $k) (local.get $f) (i32.const 0)
                  (f64.load (i32.add (local.get $sumSq) (local.get $at)))
                  (f64.load (i32.add (local.get $gateNeg) (local.get $at)))
                  (f64.load (i32.add (local.get $ssFloor) (local.get $at))))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $slots)))
    (local.get $T))

  ;; How many of T[0 … len−1] are ≥ tObs.
  (func (export "count_ge") (param $T i32) (param $len i32) (param $tObs f64) (result i32)
    (local $end i32) (local $ge i32)
    (local.set $end (i32.add (local.get $T) (i32.shl (local.get $len) (i32.const 3))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $T) (local.get $end)))
        (local.set $ge
          (i32.add (local.get $ge) (f64.ge (f64.load (local.get $T)) (local.get $tObs))))
        (local.set $T (i32.add (local.get $T) (i32.const 8)))
        (br $each)))
    (local.get $ge))
)

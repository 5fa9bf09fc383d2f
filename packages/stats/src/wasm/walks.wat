;; The two hot walks of the severity test (../severity.ts), as WebAssembly so that they run at
;; full speed from the first call (Liftoff) instead of waiting for V8 to optimise the JS loops.
;; Every flipped sum, share and severity is formed by the same IEEE f64 operations in the same
;; order as the JS reference (exactCount / monteCarloCount with t_crit < 0), so counts and
;; p-values are bit for bit the JS path's (severity-wasm.test.ts). All pointers are byte offsets.
;; The near-zero-variance two-pass fallback needs the sign pattern; it is rare and stays in JS
;; (the imported `fallback`).
(module
  (import "env" "fallback" (func $fallback (param i32 f64 i32) (result f64)))
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

  ;; One chunk of the exact Gray-code walk for slots k … kEnd−1 (of K), slot by slot: F_k += factor_j·d[s_j, k] and
  ;; T[j] += share, with factor_j = −2·ε_old = ±2. Per slot the 2n products ±2·d[s, k] are formed
  ;; first at `step` (entry 2s: −2·d, 2s + 1: +2·d, the same multiplication the JS walk does per
  ;; pattern), so a pattern costs one load and one add: code[j] (i32) = (2·s_j + [factor_j > 0])·8.
  ;; d is seed-major (row stride K·8 bytes); F[k] holds the running sums and is left after the
  ;; chunk's last step.
  (func (export "exact_chunk")
    (param $K i32) (param $k i32) (param $kEnd i32) (param $n i32) (param $len i32) (param $d i32) (param $F i32) (param $theta i32)
    (param $sumSq i32) (param $gateNeg i32) (param $ssFloor i32) (param $code i32) (param $step i32)
    (param $T i32)
    (local $j i32) (local $k8 i32) (local $at i32) (local $end i32) (local $s i32)
    (local $row i32) (local $x f64) (local $Fk f64) (local $th f64) (local $q f64) (local $g f64)
    (local $fl f64) (local $tj i32)
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
        (local.set $at (local.get $code))
        (block $steps_done
          (loop $steps
            (br_if $steps_done (i32.ge_u (local.get $at) (local.get $end)))
            (local.set $Fk
              (f64.add (local.get $Fk)
                (f64.load (i32.add (local.get $step) (i32.load (local.get $at))))))
            (if (f64.lt (local.get $Fk) (local.get $th))
              (then
                (local.set $j
                  (i32.shr_u (i32.sub (local.get $at) (local.get $code)) (i32.const 2)))
                (local.set $tj (i32.add (local.get $T) (i32.shl (local.get $j) (i32.const 3))))
                (f64.store (local.get $tj)
                  (f64.add
                    (f64.load (local.get $tj))
                    (call $share (local.get $k) (local.get $Fk) (local.get $j) (local.get $q)
                      (local.get $g) (local.get $fl))))))
            (local.set $at (i32.add (local.get $at) (i32.const 4)))
            (br $steps)))
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
    (param $masks i32) (param $table i32) (param $T i32)
    (local $j i32) (local $k8 i32) (local $col i32) (local $row i32)
    (local $lo i32) (local $off i32) (local $end i32) (local $mask i32) (local $low i32)
    (local $o i32) (local $r f64) (local $Fk f64) (local $th f64) (local $q f64) (local $g f64)
    (local $fl f64) (local $tj i32)
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
            (if (f64.lt (local.get $Fk) (local.get $th))
              (then
                (local.set $tj (i32.add (local.get $T) (i32.shl (local.get $j) (i32.const 3))))
                (f64.store (local.get $tj)
                  (f64.add
                    (f64.load (local.get $tj))
                    (call $share (local.get $k) (local.get $Fk) (local.get $j) (local.get $q)
                      (local.get $g) (local.get $fl))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $draws)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $slots))))

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

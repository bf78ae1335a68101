"""The GIL convoy: a CPU-bound thread beside an I/O thread doing 100 short reads.
Each read releases the GIL; getting it back waits for the CPU thread's switch interval
(Python/ceval_gil.c: take_gil, FORCE_SWITCHING). Prints the 100 reads' elapsed ms."""
import os
import threading
import time

stop = False


def spin():
    x = 0
    while not stop:
        x += 1


def reads():
    fd = os.open('/dev/zero', os.O_RDONLY)
    t0 = time.perf_counter()
    for _ in range(100):
        os.read(fd, 512)
    return (time.perf_counter() - t0) * 1e3


alone = reads()
t = threading.Thread(target=spin)
t.start()
time.sleep(0.01)
beside = reads()
stop = True
t.join()
print(f'{alone:.3f} {beside:.3f}')

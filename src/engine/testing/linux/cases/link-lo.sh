# a fresh network namespace has only lo, DOWN; bringing it up (UNKNOWN state, LOWER_UP) and the listing formats
ip link
ip -br link
ip -o link
ip link set lo up
ip link
ip link show lo
ip -br link
ip -o link show lo
ip addr

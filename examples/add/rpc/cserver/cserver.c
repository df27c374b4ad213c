/* cserver serves the C library of add/add.c with the generated
 * dispatcher: on a Unix socket (one connection at a time, since the
 * dispatcher keeps one object table per process), or without an argument
 * on stdin and stdout, as a child process (child.py).
 *
 *   gcc -std=c99 -O2 -Iadd -o /tmp/cserver cserver/cserver.c add/add.c add/add_rpc.c add/add_wire.c
 *   /tmp/cserver /tmp/add.sock
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "add_rpc.h"

int main(int argc, char **argv) {
    if (argc < 2) {
        return add_rpc_serve(stdin, stdout) == 0 ? 0 : 1;
    }
    /* A client that goes away mid-answer is a failed write, not a signal. */
    signal(SIGPIPE, SIG_IGN);
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    strncpy(addr.sun_path, argv[1], sizeof addr.sun_path - 1);
    int listener = socket(AF_UNIX, SOCK_STREAM, 0);
    if (listener < 0 || bind(listener, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(listener, 16) != 0) {
        perror(argv[1]);
        return 1;
    }
    fprintf(stderr, "listening on %s\n", argv[1]);
    for (;;) {
        int fd = accept(listener, NULL, NULL);
        if (fd < 0) {
            perror("accept");
            return 1;
        }
        FILE *in = fdopen(fd, "rb");
        FILE *out = fdopen(dup(fd), "wb");
        if (in != NULL && out != NULL) {
            add_rpc_serve(in, out); /* returns when the client hangs up */
        }
        if (in != NULL) {
            fclose(in);
        }
        if (out != NULL) {
            fclose(out);
        }
    }
}

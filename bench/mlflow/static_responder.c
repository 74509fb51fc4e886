/* A trivial HTTP/1.1 responder for measuring the load generator's own ceiling (bench/mlflow/run.py).
 *
 *   static_responder PORT
 *
 * Listens on 127.0.0.1:PORT, one thread, epoll, keep-alive: every request (headers only, no body expected)
 * gets the same 200 with a 16-byte JSON body. It does no work, so what wrk reaches against it is what wrk itself
 * can drive on this machine when it shares the cores with a server. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <fcntl.h>

#define MAX_FDS 4096
#define BUF 16384

static const char RESPONSE[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{\"status\":\"ok\"}\n";

static char inbuf[MAX_FDS][BUF];
static int inlen[MAX_FDS];

static void nonblocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    int port = atoi(argv[1]);
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(lfd, 512) != 0) {
        perror("bind/listen");
        return 1;
    }
    nonblocking(lfd);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = lfd};
    epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
    printf("listening on 127.0.0.1:%d\n", port);
    fflush(stdout);
    struct epoll_event events[256];
    char out[64 * sizeof RESPONSE];
    for (;;) {
        int n = epoll_wait(ep, events, 256, -1);
        if (n < 0 && errno != EINTR) return 1;
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == lfd) {
                int c;
                while ((c = accept(lfd, NULL, NULL)) >= 0) {
                    if (c >= MAX_FDS) { close(c); continue; }
                    nonblocking(c);
                    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    inlen[c] = 0;
                    struct epoll_event cev = {.events = EPOLLIN, .data.fd = c};
                    epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
                }
                continue;
            }
            for (;;) {
                ssize_t r = read(fd, inbuf[fd] + inlen[fd], BUF - inlen[fd]);
                if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK) || (r < 0 && inlen[fd] == BUF)) {
                    close(fd);
                    break;
                }
                if (r < 0) break;
                inlen[fd] += (int)r;
                /* Answer every complete request (ends with an empty line) in the buffer. */
                int answers = 0, start = 0;
                char *end;
                while ((end = memmem(inbuf[fd] + start, inlen[fd] - start, "\r\n\r\n", 4)) != NULL) {
                    start = (int)(end - inbuf[fd]) + 4;
                    answers++;
                }
                memmove(inbuf[fd], inbuf[fd] + start, inlen[fd] - start);
                inlen[fd] -= start;
                while (answers > 0) {
                    int k = answers > 64 ? 64 : answers;
                    for (int j = 0; j < k; j++) memcpy(out + j * (sizeof RESPONSE - 1), RESPONSE, sizeof RESPONSE - 1);
                    if (write(fd, out, k * (sizeof RESPONSE - 1)) < 0) break;
                    answers -= k;
                }
                if (inlen[fd] == BUF) { close(fd); break; }
            }
        }
    }
}

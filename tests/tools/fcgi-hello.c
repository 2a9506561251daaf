/* fcgi-hello.c: the nginx -> libfcgi ceiling of `make bench` (issue 11):
 * a FastCGI responder on the socket spawn-fcgi hands it (fd 0) that
 * answers every request with the same small JSON body. No parsing, no
 * database: what no endpoint of ours can beat on this machine. */
#include <signal.h>

#include <fcgiapp.h>

int
main(void)
{
	static const char	reply[] = "Status: 200 OK\r\n"
	    "Content-Type: application/json\r\nContent-Length: 15\r\n\r\n"
	    "{\"hello\":true}\n";
	FCGX_Request		req;

	if (FCGX_Init() != 0 || FCGX_InitRequest(&req, 0, 0) != 0)
		return 1;
	/* FCGX_Init catches SIGTERM and SIGUSR1 only to stop after the next
	 * request, and accept() restarts: an idle responder would outlive the
	 * bench. SIGUSR1 is what multiwatch sends its children when it stops,
	 * also to one it restarted after the bench's SIGTERM to the group. */
	signal(SIGTERM, SIG_DFL);
	signal(SIGUSR1, SIG_DFL);
	while (FCGX_Accept_r(&req) >= 0) {
		FCGX_PutStr(reply, sizeof(reply) - 1, req.out);
		FCGX_Finish_r(&req);
	}
	return 0;
}

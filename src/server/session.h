// One client connection: read a request (within the limits), answer it,
// and read the next while the client keeps the connection alive.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include "server/api.h"
#include "server/listener.h"

namespace tapelab::server {

// Starts serving the connection; the session owns itself until it closes.
void start_session(boost::asio::ip::tcp::socket&& socket, Api& api, const Limits& limits);

}  // namespace tapelab::server

package io.constellation.common.concurrent;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method (or every method of a type) that blocks the calling thread: file or
 * database I/O, waiting on a lock or another thread. Call it from a worker pool, never from
 * a Netty or gRPC event loop (a blocked loop stalls every connection it serves).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.CONSTRUCTOR})
public @interface Blocking {
}
